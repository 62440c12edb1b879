package conversation_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// dyingSessions is a session store whose writes fail while dead is set,
// as if the process were killed after a step's work and before its
// dialogue was saved.
type dyingSessions struct {
	conversation.SessionStore
	dead bool
}

func (s *dyingSessions) PutSession(ctx context.Context, sess *conversation.Session, prev int) error {
	if s.dead {
		return errors.New("killed before the dialogue was saved")
	}
	return s.SessionStore.PutSession(ctx, sess, prev)
}

// A Submit whose ticket was opened but whose dialogue was not saved, then
// pressed again, answers with the same ticket and opens no second one.
func TestSubmitAgainAfterCrashOpensOneTicket(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	sessions := &dyingSessions{SessionStore: store}
	svc := desk.NewService(store, store, store, store)
	engine := conversation.New(svc, sessions, slog.New(slog.DiscardHandler))
	c := &chatter{t: t, engine: engine, account: "test:crash"}

	c.command("start")
	c.text("Crash")
	c.text("13800000000")
	c.text("Lab")
	c.command("report")
	c.press("A区")
	c.press("A1")
	c.text("101")
	c.press("Skip")
	c.press("门窗")
	c.text("Door lock broken")
	c.text("The lock does not close.")
	c.press("Skip")
	c.press("Any time")
	c.press("Use 13800000000")
	submit := c.token("Submit")

	// The ticket is opened; the dialogue, still at the summary, is not
	// saved, so its Submit button stays valid.
	sessions.dead = true
	first := c.send(talk.Input{Kind: talk.KindButton, Token: submit})
	sessions.dead = false
	again := c.send(talk.Input{Kind: talk.KindButton, Token: submit})

	live, err := store.Live(ctx, desk.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(live) != 1 {
		t.Fatalf("%d tickets after Submit was pressed twice, want 1", len(live))
	}
	ref := live[0].Ref()
	for i, resp := range []talk.Response{first, again} {
		if len(resp.Messages) == 0 || !strings.Contains(resp.Messages[0].Text, ref) {
			t.Fatalf("Submit %d answered %+v, want the number %s", i+1, resp.Messages, ref)
		}
	}
}

// Filing the same keyed report at once from two copies opens one ticket,
// and both are given it.
func TestReportOnceRacedOpensOneTicket(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	u, err := svc.Account(ctx, "test:race", "en")
	if err != nil {
		t.Fatal(err)
	}
	if u, err = svc.Register(ctx, u, desk.Profile{Name: "Race", Phone: "13800000000", Department: "Lab"}); err != nil {
		t.Fatal(err)
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Leak", Description: "Water on the floor", Contact: "13800000000"}
	ids := make(chan string, 2)
	for range 2 {
		go func() {
			tk, err := svc.ReportOnce(ctx, u, r, "form:test:V1")
			if err != nil {
				t.Error(err)
				ids <- ""
				return
			}
			ids <- tk.ID
		}()
	}
	a, b := <-ids, <-ids
	if a == "" || a != b {
		t.Fatalf("the two filings got tickets %q and %q, want one and the same", a, b)
	}
	live, err := store.Live(ctx, desk.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(live) != 1 {
		t.Fatalf("%d tickets, want 1", len(live))
	}
}
