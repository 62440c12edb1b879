package conversation_test

import (
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// An input handed over again with the key it had (an adapter handling
// what it kept after a crash) does not act again: the dialogue does not
// move on, no second ticket is opened, and the answer is given again.
func TestInputWithKnownKeyActsOnce(t *testing.T) {
	store := repotest.Open(t)
	h := newHarness(t, store)
	ctx := t.Context()
	acc := "test:again"
	c := &chatter{t: t, engine: h.engine, account: acc}
	step := func() string {
		t.Helper()
		s, err := store.Session(ctx, conversation.SessionID(acc, "dm"))
		if err != nil {
			t.Fatal(err)
		}
		return s.Step
	}

	c.send(talk.Input{Kind: talk.KindCommand, Command: "start"})
	c.text("Again")
	c.text("13800000000")
	c.text("Lab")
	c.send(talk.Input{Kind: talk.KindCommand, Command: "report"})
	c.press("A区")
	c.press("A1")

	// The room, typed once and handed over twice: the second is not
	// taken as the answer to the next question.
	room := talk.Input{Kind: talk.KindText, Text: "101", Key: "test:update:room"}
	first := c.send(room)
	roomAnswer := texts(first)
	at := step()
	again := c.send(room)
	if got := step(); got != at {
		t.Errorf("the room handed over again moved the dialogue from %q to %q", at, got)
	}
	if texts(first) != texts(again) {
		t.Errorf("answered %q, then %q", texts(first), texts(again))
	}

	c.press("Skip")
	c.press("门窗")
	c.text("Door lock broken")
	c.text("The lock does not close.")
	c.press("Skip")
	c.press("Any time")
	c.press("Use 13800000000")
	submit := talk.Input{Kind: talk.KindButton, Token: c.token("Submit"), Key: "test:update:submit"}
	first = c.send(submit)
	again = c.send(submit)
	live, err := store.Live(ctx, desk.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(live) != 1 {
		t.Fatalf("%d tickets after one Submit handed over twice, want 1", len(live))
	}
	if !strings.Contains(texts(again), live[0].Ref()) || texts(first) != texts(again) {
		t.Errorf("Submit answered %q, then %q; want %s both times", texts(first), texts(again), live[0].Ref())
	}

	// A claim from the dispatch group acts without changing the
	// technician's dialogue; handed over again, it is still known.
	tech, err := h.svc.Account(ctx, "test:tech", "en")
	if err != nil {
		t.Fatal(err)
	}
	if tech, err = h.svc.Register(ctx, tech, desk.Profile{Name: "Tech", Phone: "13900000000", Department: "Works"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.GrantBootstrap(ctx, tech.ID, desk.RoleTechnician); err != nil {
		t.Fatal(err)
	}
	claim := talk.Input{Platform: "test", Account: "test:tech", Chat: "test:group", Group: true, Lang: "en",
		Kind: talk.KindButton, Token: talk.TicketToken("claim", live[0].ID), Key: "test:update:claim"}
	claimed, err := h.engine.Handle(ctx, claim)
	if err != nil {
		t.Fatal(err)
	}
	again, err = h.engine.Handle(ctx, claim)
	if err != nil {
		t.Fatal(err)
	}
	if texts(claimed) != texts(again) || claimed.Toast != again.Toast {
		t.Errorf("the claim answered %q, then %q", texts(claimed), texts(again))
	}

	// An older input handed over again acts neither, and is not answered
	// with a later answer: by the same process (its answer refused, and
	// asked again) with its own; after a restart, which knows only the
	// newest answer, with nothing.
	if old := c.send(room); texts(old) != roomAnswer {
		t.Errorf("the room asked again after later inputs was answered %q, want %q", texts(old), roomAnswer)
	}
	h.restart()
	c.engine = h.engine
	if old := c.send(room); len(old.Messages) != 0 {
		t.Errorf("the room handed over after later inputs and a restart was answered %q", texts(old))
	}
}

func texts(r talk.Response) string {
	var out []string
	for _, m := range r.Messages {
		out = append(out, m.Text)
	}
	return strings.Join(out, " | ")
}
