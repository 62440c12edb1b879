package main

import (
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

// The "Submitted … #1001" answer reaches the requester, once, after
// Telegram failed every send for several seconds: the update stays kept
// and is answered again when Telegram is back, without a second ticket.
func TestTicketNumberAfterPlatformOutage(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	alice := &tgPerson{t, srv, tgUser(101, "Alice")}
	env := telegramEnv(srv)
	env["WEB_CHAT"] = "false"
	startDesk(t, env)
	register(alice, alice.phone(), "Campus")
	reportLockToSummary(alice, alice.phone())

	srv.FailMethod("sendMessage", 10000, 500, 0)
	n := alice.seen()
	m, b := alice.find(alice.user.ID, "✅ Submit")
	srv.Press(alice.user, m, b.Data)
	// Long enough for the adapter's own retries to give up: the answer is
	// then kept, not dropped.
	time.Sleep(6 * time.Second)
	srv.Heal()
	alice.expect(n, "Submitted, waiting for a technician", "#1001")

	alice.command("mine", "My tickets")
	mine := srv.Last(alice.user.ID).Body()
	if strings.Contains(mine, "#1002") {
		t.Errorf("a second ticket was opened:\n%s", mine)
	}
	submitted := 0
	for _, msg := range srv.MessagesTo(alice.user.ID) {
		if strings.Contains(msg.Body(), "#1001") && strings.Contains(msg.Body(), "Submitted") {
			submitted++
		}
	}
	if submitted != 1 {
		t.Errorf("told of #1001 %d times, want once:\n%s", submitted, srv.Transcript(alice.user.ID))
	}
}

// A technician who blocked the bot and presses Claim in the group is told
// in the toast both that the claim worked and how to open the private
// chat; once they press Start there, they get the claim's answer and the
// ticket they hold.
func TestClaimByTechnicianWhoBlockedTheBot(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	_, tom, _ := blockedClaim(t, srv, t.TempDir())
	waitForPost(t, tgGroups{srv}, dispatch, "the post to say Tom claimed it", func(p post) bool {
		return strings.Contains(p.body, "#1001") && strings.Contains(p.body, "Claimed by Tom")
	})
	tom.command("start", "You claimed #1001")
}

// blockedClaim starts a desk on dir with Root, Alice and Tom, a
// technician who blocked the bot, files Alice's #1001 and has Tom press
// its Claim in the dispatch group. It checks that the toast tells what
// the press did, with a link to open the private chat, and returns the
// desk, Tom, and the desk's settings to start it again with.
func blockedClaim(t *testing.T, srv *telegramtest.Server, dir string) (*running, *tgPerson, map[string]string) {
	t.Helper()
	tg := tgPeople(t, srv)
	root, alice, tom := tg(900, "Root"), tg(101, "Alice"), tg(201, "Tom")
	env := telegramEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	desk := startDeskIn(t, env, dir)
	for _, p := range []*tgPerson{root, alice, tom} {
		register(p, p.phone(), "Campus")
	}
	grant(root, tom.account(), "+ Technician")
	reportLockWithPhoto(alice, alice.phone(), 1001)
	waitForPost(t, tgGroups{srv}, dispatch, "the ticket in the dispatch group", func(p post) bool {
		return hasButton(p, "🙋 接单 Claim") && strings.Contains(p.body, "#1001")
	})

	srv.Block(tom.user.ID)
	before := len(srv.Answers())
	m, b := tom.find(telegramDispatch, "🙋 接单 Claim")
	srv.Press(tom.user, m, b.Data)
	// The toast comes after the answer is held.
	waitUntil(t, "the toast of Tom's claim", func() bool { return len(srv.Answers()) > before }, func() string { return "" })
	if toast := srv.Answers()[len(srv.Answers())-1]; !strings.Contains(toast.Text, "#1001") || toast.URL == "" {
		t.Errorf("toast %+v, want the claim's result and a link to start the private chat", toast)
	}
	return desk, tom, env
}
