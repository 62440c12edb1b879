package main

import (
	"testing"
	"time"
)

// A notice owed when the desk crashed is delivered as soon as the desk is
// started again on the same data: on the embedded store no other copy can
// hold the dispatcher's lease, so nothing waits for one to run out.
func TestOwedNoticeDeliveredRightAfterCrash(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	alice := &tgPerson{t, srv, tgUser(101, "Alice")}
	env := telegramEnv(srv)
	env["WEB_CHAT"] = "false"
	dir := t.TempDir()
	desk := startDeskIn(t, env, dir)
	register(alice, alice.phone(), "Campus")

	reportLockToSummary(alice, alice.phone())
	// The new ticket's post (a photo first) cannot reach the dispatch
	// group: it stays owed when the desk crashes.
	srv.FailMethod("sendPhoto", 1000, 500, 0)
	alice.press("✅ Submit", "Submitted, waiting for a technician", "#1001")
	desk.kill(t)
	srv.Heal()
	if n := len(srv.MessagesTo(telegramDispatch)); n != 0 {
		t.Fatalf("%d posts in the dispatch group before the restart, want none", n)
	}

	restarted := time.Now()
	startDeskIn(t, env, dir)
	gs := tgGroups{srv}
	waitForPost(t, gs, dispatch, "the owed post of #1001 after the restart", func(p post) bool {
		return contains(p.body, "#1001", "Door lock broken") && hasButton(p, "🙋 接单 Claim")
	})
	t.Logf("owed notice posted %v after the restart began", time.Since(restarted).Round(time.Millisecond))
	cards := 0
	for _, p := range gs.posts(dispatch) {
		if contains(p.body, "#1001") {
			cards++
		}
	}
	if cards != 1 {
		t.Errorf("#1001 posted %d times in the dispatch group, want once:\n%s", cards, gs.transcript(dispatch))
	}
}
