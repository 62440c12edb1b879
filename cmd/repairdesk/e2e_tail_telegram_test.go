package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// reportSteps are the steps of reporting a fault without photos, to be
// repaired this afternoon; it is #number. The description is the title's.
func reportSteps(p person, phone, title string, number int) []func() {
	return faultSteps(p, phone, "门窗 Doors & windows", "This afternoon", title, number)
}

// faultSteps are the steps of reporting a fault of a problem type in
// zone A, without photos, to be repaired when; it is #number. The
// description is the title's.
func faultSteps(p person, phone, problem, when, title string, number int) []func() {
	return []func(){
		func() { p.command("report", "Which zone?") },
		func() { p.press("A区 North", "which building?") },
		func() { p.press("A1 教学楼 Teaching", "Which room?") },
		func() { p.press("Skip", "Detailed address?") },
		func() { p.press("Skip", "What kind of problem?") },
		func() { p.press(problem, "title") },
		func() { p.say(title, "Describe the fault") },
		func() { p.say(title+", since this morning.", "photos") },
		func() { p.press("Skip", "When would you like the repair?") },
		func() { p.press(when, "Contact phone?") },
		func() { p.press("Use "+phone, "Please check your report") },
		func() { p.press("✅ Submit", "Submitted, waiting for a technician", fmt.Sprintf("#%d", number)) },
	}
}

// TestTelegramTimersEndToEnd moves the desk's clock through a day and a
// half on Telegram and checks what each person and group is shown as the
// scheduler finds tickets late: the 超 tag, urging with the maintenance
// centre's phone once the wait is over and the 催 tag, the overdue post
// in the dispatch group, the escalation to the supervisors and their
// assigning and reassigning from it, a supervisor taking the job off its
// technician with a reason, the daily digest, the late-repair reminder,
// the reminder of a suspension request left waiting, and the reminder to
// rate. Two tickets share the work: every later change of a ticket edits
// each of its posts in the supervisors' group.
func TestTelegramTimersEndToEnd(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	tg := tgPeople(t, srv)
	root, alice, bob := tg(900, "Root"), tg(101, "Alice"), tg(102, "Bob")
	tom, ann, sue := tg(201, "Tom"), tg(202, "Ann"), tg(301, "Sue")
	env := telegramEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	// Monday, before the digest's 08:30.
	clock := newTestClock(t, env, time.Date(2026, 3, 2, 7, 0, 0, 0, shanghai))
	startDesk(t, env)
	gs := tgGroups{srv}

	var people []registration
	for _, p := range []*tgPerson{root, alice, bob, tom, ann, sue} {
		people = append(people, registration{p, p.phone()})
	}
	registerAll(people...)
	// Both reported at 07:00, to be repaired this afternoon: not to be
	// urged before two hours.
	interleave(
		grantSteps(root, [2]string{tom.account(), "+ Technician"}, [2]string{ann.account(), "+ Technician"},
			[2]string{sue.account(), "+ Supervisor"}),
		append(reportSteps(alice, alice.phone(), "Door lock broken", 1001),
			func() { alice.press("Details", "#1001 Door lock broken", "You can urge it in 2h") }),
		reportSteps(bob, bob.phone(), "Window stuck", 1002))
	waitForPost(t, gs, dispatch, "#1001 in the dispatch group", postWith("#1001", "Door lock broken"))
	waitForPost(t, gs, dispatch, "#1002 in the dispatch group", postWith("#1002", "Window stuck"))
	tom.pressIn(dispatch, "🙋 接单 Claim", "You claimed #1002")

	// 09:01: #1001 is overdue. The dispatch group is reminded, with
	// Claim; the requester sees 超 and may urge now, with the centre's
	// phone, which Telegram's apps make a link of in plain text.
	clock.set(time.Date(2026, 3, 2, 9, 1, 0, 0, shanghai))
	waitForPost(t, gs, dispatch, "the overdue reminder", func(p post) bool {
		return contains(p.body, "[Overdue] #1001 has waited 2h") && hasButton(p, "🙋 接单 Claim")
	})
	// The day's digest, past 08:30: a quiet Sunday against the one
	// before, and #1001 listed as late.
	waitForPost(t, gs, supervisors, "Monday's digest", postWith(
		"📊 每日摘要 · 昨日 周日 3/1（括号内为上周同日 周日 2/22）",
		"Daily digest · yesterday, Sun 3/1 (in brackets: Sun 2/22, a week before)",
		"Reported 0 (0) · closed 0 (0) · open at day's end 0 (0)",
		"超时工单 / Overdue tickets (1)\n#1001 超 Door lock broken"))
	alice.command("mine", "My tickets", "#1001 【超】[Pending] Door lock broken")
	alice.press("#1001", "You can urge it now. Maintenance centre: 020-0000-0000")
	alice.press("⏰ Urge", "#1001 was urged; the supervisors have been told. Maintenance centre: 020-0000-0000")
	urged := 0
	for _, c := range srv.Calls("sendMessage") {
		// Plain text, the phone in it as typed: what the apps link.
		if strings.Contains(c.Fields["text"], "was urged") {
			urged++
			if c.Fields["parse_mode"] != "" || c.Fields["entities"] != "" {
				t.Errorf("the urge's answer is not plain text: parse_mode %q, entities %q", c.Fields["parse_mode"], c.Fields["entities"])
			}
		}
	}
	if urged != 1 {
		t.Errorf("the urge's answer was sent %d times, want once", urged)
	}
	waitForPost(t, gs, supervisors, "the urge in the supervisors' group", postWith("#1001 urged by Alice"))
	alice.command("mine", "#1001 【超催】[Pending]")

	// 11:01: still nobody on it: escalated to the supervisors, who assign
	// it from the escalation, then give it to someone else.
	clock.set(time.Date(2026, 3, 2, 11, 1, 0, 0, shanghai))
	waitForPost(t, gs, supervisors, "the escalation", func(p post) bool {
		return contains(p.body, "Escalation: #1001 has waited 4h") && hasButton(p, "👉 指派 Assign")
	})
	tomSaw, aliceSaw := tom.seen(), alice.seen()
	sue.pressIn(supervisors, "👉 指派 Assign", "Assign #1001 to:")
	sue.press("Tom · Campus", "#1001 Door lock broken", "Claimed by: Tom") // "assigned", then the details
	tom.expect(tomSaw, "#1001 was assigned to you by Sue.")
	alice.expect(aliceSaw, "Your ticket #1001 was claimed by Tom")
	tomSaw, annSaw := tom.seen(), ann.seen()
	sue.press("👉 Assign", "Assign #1001 to:")
	sue.press("Ann · Campus", "#1001 Door lock broken", "Claimed by: Ann")
	tom.expect(tomSaw, "#1001 was reassigned by Sue.")
	ann.expect(annSaw, "#1001 was assigned to you by Sue.")
	waitForPost(t, gs, dispatch, "the dispatch post to name the new technician", postWith("#1001", "Assigned to Ann"))

	// The supervisor takes the job off Ann with a reason: she is told
	// why, the requester hears it is back in the pool, and the dispatch
	// post offers it again.
	annSaw, aliceSaw = ann.seen(), alice.seen()
	sue.press("↩ Release", "Why are you releasing #1001?")
	sue.say("Tom knows this lock.", "#1001 is back in the pool.")
	ann.expect(annSaw, "#1001 was taken off you by Sue", "Reason: Tom knows this lock.")
	alice.expect(aliceSaw, "Your ticket #1001 was released by Sue", "Reason: Tom knows this lock.")
	waitForPost(t, gs, dispatch, "the released post, with Claim", func(p post) bool {
		return contains(p.body, "#1001 was released by Sue: Tom knows this lock.") && hasButton(p, "🙋 接单 Claim")
	})

	// 18:01: #1002 is past the end of the afternoon its requester asked
	// for; its technician is reminded.
	tomSaw = tom.seen()
	clock.set(time.Date(2026, 3, 2, 18, 1, 0, 0, shanghai))
	tom.expect(tomSaw, "Your job #1002 is past its expected end")

	// A suspension request nobody reviews for an hour is recalled to the
	// supervisors.
	tom.press("Details", "#1002 Window stuck", "State: Accepted")
	tom.press("⏸ Suspend", "Why must the job wait")
	tom.say("The hinge is on order.", "Send photos")
	tom.press("Skip", "Send the suspension request")
	tomSaw = tom.seen()
	tom.press("✅ Submit", "Suspension request for #1002 sent")
	tom.expect(tomSaw, "#1002 Window stuck", "Review: Waiting for review") // the details, with Complete
	clock.set(time.Date(2026, 3, 2, 19, 2, 0, 0, shanghai))
	waitForPost(t, gs, supervisors, "the reminder of the waiting request", func(p post) bool {
		return contains(p.body, "Reminder: the suspension request for #1002 still waits") && hasButton(p, "✅ 同意挂起 Approve")
	})

	// The hinge came after all: Tom completes the job; a day later its
	// requester, who has not rated it, is reminded once.
	bobSaw := bob.seen()
	tom.press("✔ Complete", "Repair type for #1002?")
	tom.press("更换 Replace", "What was done")
	tom.say("Replaced the hinge.", "Send photos of the result")
	tom.press("Skip", "#1002 is completed")
	bob.expect(bobSaw, "Your ticket #1002 was completed by Tom", "Please rate")
	bobSaw = bob.seen()
	clock.set(time.Date(2026, 3, 3, 19, 3, 0, 0, shanghai))
	bob.expect(bobSaw, "Your ticket #1002 is done; how was it?")
	bob.press("★★★★", "Anything to add?")
}
