package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
)

// modal waits for the modal the bot opens for p after it had opened n,
// titled title, and returns it.
func (p *slPerson) modal(n int, title string) fakeslack.View {
	p.t.Helper()
	var v fakeslack.View
	waitUntil(p.t, fmt.Sprintf("a modal %q for %s", title, p.name()), func() bool {
		ms := p.srv.Modals()
		for _, m := range ms[min(n, len(ms)):] {
			if m.User == p.user.ID && strings.Contains(m.Title, title) {
				v = m
				return true
			}
		}
		return false
	}, p.transcript)
	return v
}

// submit fills in a modal and sends it, and waits until p is told want.
func (p *slPerson) submit(v fakeslack.View, values map[string]string, want ...string) {
	p.t.Helper()
	p.do(func() { p.srv.Submit(p.user.ID, v, values) }, want...)
}

// faqSteps add an FAQ article through /admin.
func faqSteps(admin person, title, text, keywords string) []func() {
	return []func(){
		func() { admin.command("admin", "Administration:") },
		func() { admin.press("Add FAQ article", "Article title:") },
		func() { admin.say(title, "Article text:") },
		func() { admin.say(text, "Keywords") },
		func() { admin.say(keywords, "Saved the article") },
	}
}

// TestSlackWorkTimeFAQAndLimitEndToEnd runs a desk on Slack with working
// hours and a holiday, an FAQ article and a limit of two reports an hour,
// and checks what people are shown: the FAQ found by /repair faq and
// offered while a fault is described, the limit refusing a third report
// and lifting an hour later, a technician's release with its reason
// written in a modal, a holiday and a weekend not counting towards the
// overdue deadline (the digest and /mine say nothing is late, and the
// overdue post comes only on the next working morning), and urging with
// the maintenance centre's phone as a tel: link Slack's apps can call.
func TestSlackWorkTimeFAQAndLimitEndToEnd(t *testing.T) {
	t.Parallel()
	srv := newFakeSlack(t)
	root := slackPerson(t, srv, "U0ROOT", "Root")
	alice := slackPerson(t, srv, "U0ALICE", "Alice")
	tom := slackPerson(t, srv, "U0TOM", "Tom")
	env := slackEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	// Friday 16:00: two working hours left in the week, with 08:00-18:00
	// on weekdays and Monday a holiday.
	clock := newTestClock(t, env, time.Date(2026, 3, 6, 16, 0, 0, 0, shanghai))
	startDesk(t, env)
	gs := slGroups{srv}
	const alicePhone, tomPhone = "13900000001", "13900000002"
	registerAll(registration{root, "13900000000"}, registration{alice, alicePhone}, registration{tom, tomPhone})

	// The admin adds the article first, so that it is there by the time
	// Alice describes her fault, and sets the limit before her third
	// report.
	var admin []func()
	admin = append(admin, faqSteps(root, "Lift stuck", "Press the alarm button and wait; do not force the doors.", "lift, elevator")...)
	admin = append(admin, grantSteps(root, [2]string{tom.account(), "+ Technician"})...)
	admin = append(admin, settingSteps(root, "reportsPerHour", "2")...)
	admin = append(admin, settingSteps(root, "workHours", "08:00-18:00")...)
	admin = append(admin, settingSteps(root, "holidays", "2026-03-09")...)
	reporting := []func(){
		func() { alice.command("report", "Which zone?") },
		func() { alice.press("A区 North", "which building?") },
		func() { alice.press("A1 教学楼 Teaching", "Which room?") },
		func() { alice.press("Skip", "Detailed address?") },
		func() { alice.press("Skip", "What kind of problem?") },
		func() { alice.press("其他 Other", "title") },
		func() { alice.say("Lift does not come", "Describe the fault") },
		func() {
			alice.say("The lift is stuck on the third floor.", "These answers might already help:", "Lift stuck", "Press the alarm button")
		},
		func() { alice.press("Report anyway", "photos") },
		func() { alice.press("Skip", "When would you like the repair?") },
		func() { alice.press("Any time", "Contact phone?") },
		func() { alice.press("Use "+alicePhone, "Please check your report") },
		func() { alice.press("✅ Submit", "Submitted, waiting for a technician", "#1001") },
	}
	interleave(admin, reporting)
	alice.command("faq lift", "Here is what the FAQ says:", "Lift stuck", "Press the alarm button")

	// The second report, in Slack's form; a third within the hour is
	// refused.
	n := len(srv.Modals())
	srv.Command(alice.user.ID, "", "form")
	form := alice.modal(n, "")
	alice.submit(form, map[string]string{
		"where": "A区 North|A1 教学楼 Teaching", "problem": "门窗 Doors & windows", "title": "Door lock broken",
		"description": "The lock of room 101 does not close.", "contact": alicePhone,
	}, "Submitted, waiting for a technician", "#1002")
	alice.command("report", "You can report at most 2 faults an hour; please try again in 1h")

	// Tom claims #1002 and releases it, writing why in a modal.
	waitForPost(t, gs, dispatch, "#1002 in the dispatch channel", postWith("#1002", "Door lock broken"))
	tomSaw := tom.seen()
	tom.pressIn(dispatch, "🙋 接单 Claim", "You claimed #1002")
	tom.expect(tomSaw, "#1002 Door lock broken", "State: Accepted") // the details, with Release
	aliceSaw := alice.seen()
	n = len(srv.Modals())
	m, b := tom.find(fakeslack.DMOf(tom.user.ID), "↩ Release")
	srv.Press(tom.user.ID, m, b)
	release := tom.modal(n, "Release #1002")
	tom.submit(release, map[string]string{"answer": "Needs a locksmith."}, "#1002 is back in the pool.")
	alice.expect(aliceSaw, "Your ticket #1002 was released by Tom", "Reason: Needs a locksmith.")
	waitForPost(t, gs, dispatch, "the released post, with Claim", func(p post) bool {
		return contains(p.body, "#1002 was released by Tom: Needs a locksmith.") && hasButton(p, "🙋 接单 Claim")
	})

	// Monday 17:00, a holiday: without working hours both would have been
	// overdue since Friday 18:00; with them, the two hours are not up.
	// The digest of the day and /mine say so. The hour is long past, so
	// Alice may report again, and urge: with the centre's phone as a
	// link.
	clock.set(time.Date(2026, 3, 9, 17, 0, 0, 0, shanghai))
	waitForPost(t, gs, supervisors, "Monday's digest", postWith(
		"Daily digest · yesterday, Sun 3/8 (in brackets: Sun 3/1, a week before)",
		"Reported 0 (0) · closed 0 (0) · open at day's end 2 (0)",
		"Median wait until claimed - (-) · became overdue 0 (0)"))
	if n := countPosts(gs, supervisors, "Overdue tickets"); n != 0 {
		t.Errorf("%d posts list overdue tickets on a holiday; want none", n)
	}
	alice.command("mine", "#1001 [Pending] Lift does not come", "#1002 [Pending] Door lock broken")
	// The fake shows the text as Slack got it: the phone is a link.
	const centre = "Maintenance centre: <tel:02000000000|020-0000-0000>"
	alice.press("#1001", "You can urge it now. "+centre)
	alice.press("⏰ Urge", "#1001 was urged; the supervisors have been told. "+centre)
	alice.command("report", "Which zone?")
	alice.command("cancel", "Dropped.")

	// Tuesday 08:01: the third working hour since Friday 16:00. The
	// dispatch channel is reminded after all, and /mine shows 超 beside
	// the 催, as the Home tab does.
	clock.set(time.Date(2026, 3, 10, 8, 1, 0, 0, shanghai))
	waitForPost(t, gs, dispatch, "the overdue reminder on Tuesday", postWith("[Overdue] #1001 has waited 3d 16h 1m"))
	alice.command("mine", "#1001 【超催】[Pending]", "#1002 【超】[Pending]")
	srv.OpenHome(alice.user.ID)
	waitUntil(t, "Alice's Home tab to show the tags", func() bool {
		v, ok := srv.Home(alice.user.ID)
		return ok && contains(v.Text(), "#1001 【超催】", "#1002 【超】")
	}, func() string { v, _ := srv.Home(alice.user.ID); return v.Text() })
}
