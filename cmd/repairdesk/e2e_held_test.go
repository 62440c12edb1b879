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
			dir := t.TempDir()
			desk, tom, env := blockedClaim(t, srv, dir)
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
