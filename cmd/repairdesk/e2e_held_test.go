package main

import (
	"strings"
	"testing"
	"time"
)

// A technician who blocked the bot presses Claim in the group; the desk
// then stops (or crashes) before they press Start. The desk started again
// on the same data still owes them the claim's answer, and gives it at
// their Start, once.
func TestClaimAnswerHeldAcrossRestart(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		stop func(*running, *testing.T)
	}{
		{"sigterm", (*running).stop},
		// Killed right after the toast, the press is most likely not
		// yet recorded as handled: the next start handles it again,
		// beside the Start.
		{"sigkill", (*running).kill},
		// Killed once the press is recorded as handled (the desk
		// records them once a second), only the store remembers the
		// answer.
		{"sigkill-once-handled", func(d *running, t *testing.T) {
			time.Sleep(2 * time.Second)
			d.kill(t)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := telegramtestServer(t)
			tg := tgPeople(t, srv)
			root, alice, tom := tg(900, "Root"), tg(101, "Alice"), tg(201, "Tom")
			env := telegramEnv(srv)
			env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
			dir := t.TempDir()
			desk := startDeskIn(t, env, dir)
			for _, p := range []*tgPerson{root, alice, tom} {
				register(p, p.phone(), "Campus")
			}
			grant(root, tom.account(), "+ Technician")
			reportLockWithPhoto(alice, alice.phone(), 1001)
			gs := tgGroups{srv}
			waitForPost(t, gs, dispatch, "the ticket in the dispatch group", func(p post) bool {
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
			c.stop(desk, t)

			startDeskIn(t, env, dir)
			tom.command("start", "You claimed #1001")
			// Tom's chat answers in order: once /jobs is answered, the
			// Start's turn, held answers and all, is over.
			tom.command("jobs", "My jobs", "#1001")
			claimed := 0
			for _, msg := range srv.MessagesTo(tom.user.ID) {
				if strings.Contains(msg.Body(), "You claimed #1001") {
					claimed++
				}
			}
			if claimed != 1 {
				t.Errorf("Tom was told %d times that he claimed #1001, want once:\n%s", claimed, srv.Transcript(tom.user.ID))
			}
		})
	}
}
