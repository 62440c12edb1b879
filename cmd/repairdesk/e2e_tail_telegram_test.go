package main

import (
	"fmt"
	"testing"
	"time"
)

// reportQuick reports a fault without photos, in as few steps as the
// dialogue allows; it is #number. The description is the title's.
func reportQuick(p person, phone, title string, number int) {
	p.command("report", "Which zone?")
	p.press("A区 North", "which building?")
	p.press("A1 教学楼 Teaching", "Which room?")
	p.press("Skip", "Detailed address?")
	p.press("Skip", "What kind of problem?")
	p.press("门窗 Doors & windows", "title")
	p.say(title, "Describe the fault")
	p.say(title+", since this morning.", "photos")
	p.press("Skip", "When would you like the repair?")
	p.press("Any time", "Contact phone?")
	p.press("Use "+phone, "Please check your report")
	p.press("✅ Submit", "Submitted, waiting for a technician", fmt.Sprintf("#%d", number))
}

// TestTelegramTimersEndToEnd moves the desk's clock through two days on
// Telegram and checks what each person and group is shown as the
// scheduler finds a ticket late: the 超 tag, urging with the maintenance
// centre's phone once the wait is over and the 催 tag, the overdue post
// in the dispatch group, the escalation to the supervisors and their
// assigning and reassigning from it, the daily digest, the late-repair
// reminder and its escalation, the reminder of a suspension request left
// waiting, a supervisor taking the job off its technician with a reason,
// and the reminder to rate.
func TestTelegramTimersEndToEnd(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	tg := func(id int64, name string) *tgPerson { return &tgPerson{t, srv, tgUser(id, name)} }
	root, alice, tom, ann, sue := tg(900, "Root"), tg(101, "Alice"), tg(201, "Tom"), tg(202, "Ann"), tg(301, "Sue")
	env := telegramEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	// Monday, before the digest's 08:30.
	clock := newTestClock(t, env, time.Date(2026, 3, 2, 7, 0, 0, 0, shanghai))
	startDesk(t, env)
	gs := tgGroups{srv}

	var people []registration
	for _, p := range []*tgPerson{root, alice, tom, ann, sue} {
		people = append(people, registration{p, p.phone()})
	}
	registerAll(people...)
	grantAll(root, [2]string{tom.account(), "+ Technician"}, [2]string{ann.account(), "+ Technician"},
		[2]string{sue.account(), "+ Supervisor"})

	// Reported at 07:00: not to be urged before two hours.
	reportQuick(alice, alice.phone(), "Door lock broken", 1001)
	alice.press("Details", "#1001 Door lock broken", "You can urge it in 2h")
	waitForPost(t, gs, dispatch, "the ticket in the dispatch group", postWith("#1001", "Door lock broken"))

	// 09:01: overdue. The dispatch group is reminded, with Claim; the
	// requester sees 超 and may urge now, with the centre's phone, which
	// Telegram's apps make a link of in plain text.
	clock.set(time.Date(2026, 3, 2, 9, 1, 0, 0, shanghai))
	waitForPost(t, gs, dispatch, "the overdue reminder", func(p post) bool {
		return contains(p.body, "[Overdue] #1001 has waited 2h") && hasButton(p, "🙋 接单 Claim")
	})
	// The day's digest, past 08:30, lists it as late.
	waitForPost(t, gs, supervisors, "Monday's digest", postWith("Daily digest", "#1001 超"))
	alice.command("mine", "My tickets", "#1001 【超】[Pending] Door lock broken")
	alice.press("#1001", "You can urge it now. Maintenance centre: 020-0000-0000")
	alice.press("⏰ Urge", "#1001 was urged; the supervisors have been told. Maintenance centre: 020-0000-0000")
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
	sue.press("Tom · Campus", "#1001 was assigned.")
	tom.expect(tomSaw, "#1001 was assigned to you by Sue.")
	alice.expect(aliceSaw, "Your ticket #1001 was claimed by Tom")
	tomSaw, annSaw := tom.seen(), ann.seen()
	sue.press("👉 Assign", "Assign #1001 to:")
	sue.press("Ann · Campus", "#1001 Door lock broken", "Claimed by: Ann")
	tom.expect(tomSaw, "#1001 was reassigned by Sue.")
	ann.expect(annSaw, "#1001 was assigned to you by Sue.")
	waitForPost(t, gs, dispatch, "the dispatch post to name the new technician", postWith("#1001", "Assigned to Ann"))

	// Tuesday 11:02: a day after the assignment the job is late; its
	// technician is reminded, and four hours later the supervisors.
	annSaw = ann.seen()
	clock.set(time.Date(2026, 3, 3, 11, 2, 0, 0, shanghai))
	ann.expect(annSaw, "Your job #1001 is past its expected end")
	waitForPost(t, gs, supervisors, "Tuesday's digest", postWith("Daily digest", "Accepted: 1"))
	clock.set(time.Date(2026, 3, 3, 15, 3, 0, 0, shanghai))
	waitForPost(t, gs, supervisors, "the late job's escalation", postWith("Escalation: #1001 is late"))

	// A suspension request nobody reviews for an hour is recalled to the
	// supervisors.
	ann.press("Details", "#1001 Door lock broken", "State: Accepted")
	ann.press("⏸ Suspend", "Why must the job wait")
	ann.say("The lock cylinder is on order.", "Send photos")
	ann.press("Skip", "Send the suspension request")
	ann.press("✅ Submit", "Suspension request for #1001 sent")
	clock.set(time.Date(2026, 3, 3, 16, 4, 0, 0, shanghai))
	waitForPost(t, gs, supervisors, "the reminder of the waiting request", func(p post) bool {
		return contains(p.body, "Reminder: the suspension request for #1001 still waits") && hasButton(p, "✅ 同意挂起 Approve")
	})

	// The supervisor takes the job off Ann with a reason: she is told
	// why, the request is withdrawn, the requester hears it is back in
	// the pool.
	annSaw, aliceSaw = ann.seen(), alice.seen()
	sue.command("ticket 1001", "#1001 Door lock broken", "Claimed by: Ann")
	sue.press("↩ Release", "Why are you releasing #1001?")
	sue.say("Tom knows this lock.", "#1001 is back in the pool.")
	ann.expect(annSaw, "#1001 was taken off you by Sue", "Reason: Tom knows this lock.")
	alice.expect(aliceSaw, "Your ticket #1001 was released by Sue", "Reason: Tom knows this lock.")
	waitForPost(t, gs, supervisors, "the request withdrawn", postWith("Suspension of #1001: Withdrawn by Sue"))
	waitForPost(t, gs, dispatch, "the released post, with Claim", func(p post) bool {
		return contains(p.body, "#1001 was released by Sue: Tom knows this lock.") && hasButton(p, "🙋 接单 Claim")
	})

	// Tom claims and completes it; a day later the requester, who has not
	// rated it, is reminded once.
	tom.pressIn(dispatch, "🙋 接单 Claim", "You claimed #1001")
	tom.press("✔ Complete", "Repair type for #1001?")
	tom.press("更换 Replace", "What was done")
	tom.say("Replaced the lock cylinder.", "Send photos of the result")
	tom.press("Skip", "#1001 is completed")
	alice.expect(aliceSaw, "Your ticket #1001 was completed by Tom", "Please rate")
	aliceSaw = alice.seen()
	clock.set(time.Date(2026, 3, 4, 16, 6, 0, 0, shanghai))
	alice.expect(aliceSaw, "Your ticket #1001 is done; how was it?")
	alice.press("★★★★", "Anything to add?")
}
