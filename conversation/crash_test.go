package conversation_test

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
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

func (s *dyingSessions) StageSession(ctx context.Context, sess *conversation.Session, prev int) error {
	if s.dead {
		return errors.New("killed before the dialogue was saved")
	}
	return s.SessionStore.StageSession(ctx, sess, prev)
}

// dyingDesk is a desk over a seeded store whose sessions die on demand.
func dyingDesk(t *testing.T) (*repo.Store, *desk.Service, *conversation.Engine, *dyingSessions) {
	t.Helper()
	store := repotest.Open(t)
	if _, err := store.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	sessions := &dyingSessions{SessionStore: store}
	svc := desk.NewService(store, store, store, store)
	return store, svc, conversation.New(svc, sessions, slog.New(slog.DiscardHandler)), sessions
}

// A Submit whose ticket was opened but whose dialogue was not saved, then
// pressed again, answers with the same ticket and opens no second one.
func TestSubmitAgainAfterCrashOpensOneTicket(t *testing.T) {
	store, _, engine, sessions := dyingDesk(t)
	ctx := t.Context()
	c := &chatter{t: t, engine: engine, account: "test:crash"}
	register(c, "Crash", "13800000000")
	reportToSubmit(c, "13800000000")
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

// register registers the chatter's person.
func register(c *chatter, name, phone string) {
	c.t.Helper()
	c.command("start")
	c.text(name)
	c.text(phone)
	c.text("Lab")
}

// reportToSubmit fills in a report of a broken lock up to its Submit.
func reportToSubmit(c *chatter, phone string) {
	c.t.Helper()
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
	c.press("Use " + phone)
}

// A technician's last press of the completion, whose ticket was completed
// but whose dialogue was not saved, handed over again after the crash, is
// answered as done: not "that cannot be done", and the job is completed
// once.
func TestCompleteAgainAfterCrashAnswersAsDone(t *testing.T) {
	store, svc, engine, sessions := dyingDesk(t)
	ctx := t.Context()
	alice := &chatter{t: t, engine: engine, account: "test:alice"}
	register(alice, "Alice", "13800001111")
	reportToSubmit(alice, "13800001111")
	alice.press("Submit")
	tom := &chatter{t: t, engine: engine, account: "test:tom"}
	register(tom, "Tom", "13900002222")
	tech, err := svc.Account(ctx, tom.account, "en")
	if err != nil {
		t.Fatal(err)
	}
	if tech, err = svc.GrantBootstrap(ctx, tech.ID, desk.RoleTechnician); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Claim(ctx, tech, "1001"); err != nil {
		t.Fatal(err)
	}
	tom.command("jobs")
	tom.press("#1001")
	tom.press("Complete")
	tom.press("Replace")
	tom.text("Replaced the lock cylinder.")
	skip := tom.token("Skip")

	sessions.dead = true
	first := tom.send(talk.Input{Kind: talk.KindButton, Token: skip, Key: "test:tom:skip"})
	sessions.dead = false
	again := tom.send(talk.Input{Kind: talk.KindButton, Token: skip, Key: "test:tom:skip"})
	for i, resp := range []talk.Response{first, again} {
		if len(resp.Messages) == 0 || !strings.Contains(resp.Messages[0].Text, "#1001 is completed") {
			t.Errorf("Skip %d answered %+v, want #1001 completed", i+1, resp.Messages)
		}
	}
	tk, err := store.Get(ctx, "1001")
	if err != nil {
		t.Fatal(err)
	}
	if tk.State != desk.Completed {
		t.Errorf("#1001 is %s, want completed", tk.State)
	}
	if n := countActions(tk, desk.ActComplete); n != 1 {
		t.Errorf("#1001 completed %d times in its history, want once", n)
	}
}

// countActions counts the events of action a in t's history.
func countActions(t *desk.Ticket, a desk.Action) int {
	n := 0
	for _, e := range t.History {
		if e.Action == a {
			n++
		}
	}
	return n
}

// A link whose merge was made but whose dialogue was not saved, handed
// over again, is told it is linked, not that the code is spent; a code
// taken cannot be taken by another input.
func TestLinkAgainAfterCrashIsDone(t *testing.T) {
	_, _, engine, sessions := dyingDesk(t)
	tg := &chatter{t: t, engine: engine, account: "test:tg"}
	register(tg, "Lin", "13800003333")
	tg.command("link")
	code := regexp.MustCompile(`\d{6}`).FindString(tg.last.Messages[0].Text)
	if code == "" {
		t.Fatalf("no code in %q", tg.last.Messages[0].Text)
	}
	sl := &chatter{t: t, engine: engine, account: "test:sl"}
	link := talk.Input{Kind: talk.KindCommand, Command: "link", Text: code, Key: "test:sl:link"}
	sessions.dead = true
	first := sl.send(link)
	sessions.dead = false
	again := sl.send(link)
	for i, resp := range []talk.Response{first, again} {
		if len(resp.Messages) == 0 || !strings.Contains(resp.Messages[0].Text, "Linked: Lin") {
			t.Errorf("link %d answered %+v, want linked", i+1, resp.Messages)
		}
	}
	other := &chatter{t: t, engine: engine, account: "test:other"}
	if resp := other.send(talk.Input{Kind: talk.KindCommand, Command: "link", Text: code}); len(resp.Messages) == 0 ||
		strings.Contains(resp.Messages[0].Text, "Linked") {
		t.Errorf("another account took the spent code: %+v", resp.Messages)
	}
}
