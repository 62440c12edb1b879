package conversation_test

import (
	"strconv"
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
	var last talk.Response
	n := 0
	send := func(in talk.Input) talk.Response {
		t.Helper()
		if in.Key == "" {
			n++
			in.Key = "test:update:" + strconv.Itoa(n)
		}
		in.Platform, in.Account, in.Chat, in.Lang = "test", acc, acc, "en"
		resp, err := h.engine.Handle(ctx, in)
		if err != nil {
			t.Fatalf("%+v: %v", in, err)
		}
		last = resp
		return resp
	}
	text := func(s string) { send(talk.Input{Kind: talk.KindText, Text: s}) }
	token := func(label string) string {
		t.Helper()
		for _, m := range last.Messages {
			for _, r := range m.Rows {
				for _, b := range r.Buttons {
					if strings.Contains(b.Label, label) {
						return b.Token
					}
				}
			}
		}
		t.Fatalf("no button %q in %+v", label, last.Messages)
		return ""
	}
	press := func(label string) { send(talk.Input{Kind: talk.KindButton, Token: token(label)}) }
	step := func() string {
		t.Helper()
		s, err := store.Session(ctx, conversation.SessionID(acc, "dm"))
		if err != nil {
			t.Fatal(err)
		}
		return s.Step
	}

	send(talk.Input{Kind: talk.KindCommand, Command: "start"})
	text("Again")
	text("13800000000")
	text("Lab")
	send(talk.Input{Kind: talk.KindCommand, Command: "report"})
	press("A区")
	press("A1")

	// The room, typed once and handed over twice: the second is not
	// taken as the answer to the next question.
	room := talk.Input{Kind: talk.KindText, Text: "101", Key: "test:update:room"}
	first := send(room)
	at := step()
	again := send(room)
	if got := step(); got != at {
		t.Errorf("the room handed over again moved the dialogue from %q to %q", at, got)
	}
	if texts(first) != texts(again) {
		t.Errorf("answered %q, then %q", texts(first), texts(again))
	}

	press("Skip")
	press("门窗")
	text("Door lock broken")
	text("The lock does not close.")
	press("Skip")
	press("Any time")
	press("Use 13800000000")
	submit := talk.Input{Kind: talk.KindButton, Token: token("Submit"), Key: "test:update:submit"}
	first = send(submit)
	again = send(submit)
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
	// with a later answer.
	if old := send(room); len(old.Messages) != 0 {
		t.Errorf("the room handed over after later inputs was answered %q", texts(old))
	}
}

func texts(r talk.Response) string {
	var out []string
	for _, m := range r.Messages {
		out = append(out, m.Text)
	}
	return strings.Join(out, " | ")
}
