package main

import (
	"regexp"
	"testing"
	"time"
)

var linkCode = regexp.MustCompile(`/link (\d{6})`)

// askLinkCode has p ask for a code to link another platform, from /me,
// and returns it.
func askLinkCode(t *testing.T, p person, last func() string) string {
	t.Helper()
	p.command("me", "Platforms:")
	p.press("🔗 Link another platform", "From your other platform")
	m := linkCode.FindStringSubmatch(last())
	if m == nil {
		t.Fatalf("no link code in %q", last())
	}
	return m[1]
}

// TestLinkTelegramAndSlackEndToEnd links accounts both ways on a desk that
// runs both platforms. Alice, an admin on Telegram, links her Slack
// account and is an admin there too, making herself a supervisor. Bob
// reports on Slack; a code he lets run out is refused on Telegram, a
// fresh one links his Telegram account, which then shows his ticket; and
// Alice cancels it from Slack: Bob hears of it on Telegram, where he last
// linked.
func TestLinkTelegramAndSlackEndToEnd(t *testing.T) {
	t.Parallel()
	tgSrv := telegramtestServer(t)
	slSrv := newFakeSlack(t)
	tgAlice, tgBob := &tgPerson{t, tgSrv, tgUser(101, "Alice")}, &tgPerson{t, tgSrv, tgUser(102, "Bob")}
	slAlice, slBob := slackPerson(t, slSrv, "U0ALICE", "Alice"), slackPerson(t, slSrv, "U0BOB", "Bob")
	env := bothEnv(tgSrv, slSrv)
	env["WEB_CHAT"], env["ADMINS"] = "false", tgAlice.account()
	clock := newTestClock(t, env, time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai))
	startDesk(t, env)
	const bobPhone = "13900000002"
	registerAll(registration{tgAlice, tgAlice.phone()}, registration{slBob, bobPhone})

	// Telegram to Slack.
	code := askLinkCode(t, tgAlice, func() string { return tgSrv.Last(tgAlice.user.ID).Body() })
	slAlice.command("link "+code, "Linked: Alice. Your accounts: "+tgAlice.account()+", "+slAlice.account())
	// Her role came along: she makes herself a supervisor from Slack,
	// while Bob reports there.
	n := len(slSrv.Modals())
	interleave(grantSteps(slAlice, [2]string{tgAlice.account(), "+ Supervisor"}), []func(){
		func() { slSrv.Command(slBob.user.ID, "", "form") },
		func() {
			slBob.submit(slBob.modal(n, ""), map[string]string{
				"where": "A区 North|A1 教学楼 Teaching", "problem": "门窗 Doors & windows", "title": "Door lock broken",
				"description": "The lock of room 101 does not close.", "contact": bobPhone,
			}, "Submitted, waiting for a technician", "#1001")
		},
	})

	// Slack to Telegram, with a code that ran out first.
	lastToBob := func() string {
		ms := slSrv.BotMessagesTo(slBob.user.ID)
		return ms[len(ms)-1].Body()
	}
	stale := askLinkCode(t, slBob, lastToBob)
	clock.advance(11 * time.Minute)
	tgBob.command("link "+stale, "That link code is wrong or has run out")
	code = askLinkCode(t, slBob, lastToBob)
	tgBob.command("link "+code, "Linked: Bob. Your accounts: "+slBob.account()+", "+tgBob.account())
	tgBob.command("mine", "#1001 [Pending] Door lock broken")

	// Notices about Bob's ticket now reach him on Telegram.
	bobSaw := tgBob.seen()
	slAlice.command("ticket 1001", "#1001 Door lock broken")
	slAlice.press("✖ Cancel", "Why do you want to cancel it?")
	slAlice.say("Reported twice.", "Cancel #1001?")
	slAlice.press("Yes, cancel it", "#1001 was cancelled")
	tgBob.expect(bobSaw, "Your ticket #1001 was cancelled by Alice: Reported twice.")
}
