package conversation_test

import (
	"log/slog"
	"slices"
	"sync"
	"testing"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// Two quick messages from one person, handled at once by two copies of
// the engine over one store, both land: one answers the room, the other
// the address, and the session is left consistent.
func TestQuickMessagesDoNotCorruptTheDialogue(t *testing.T) {
	store := repotest.Open(t)
	h := newHarness(t, store)
	ctx := t.Context()
	other := conversation.New(h.svc, store, slog.New(slog.DiscardHandler))
	acc := "test:quick"
	in := func(kind talk.Kind, cmd, text string) talk.Input {
		return talk.Input{Platform: "test", Account: acc, Chat: acc, Lang: "en", Kind: kind, Command: cmd, Text: text}
	}
	for _, i := range []talk.Input{in(talk.KindCommand, "start", ""), in(talk.KindText, "", "Quick"),
		in(talk.KindText, "", "13800000000"), in(talk.KindText, "", "Lab"),
		in(talk.KindCommand, "report", ""), in(talk.KindText, "", "1"), in(talk.KindText, "", "1")} {
		if _, err := h.engine.Handle(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	for round := range 20 {
		var wg sync.WaitGroup
		for i, e := range []*conversation.Engine{h.engine, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.Handle(ctx, in(talk.KindText, "", []string{"101", "2nd floor"}[i])); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		s, err := store.Session(ctx, conversation.SessionID(acc, "dm"))
		if err != nil {
			t.Fatal(err)
		}
		got := []string{s.Draft.Report.Location.Room, s.Draft.Report.Location.Address}
		slices.Sort(got)
		if s.Step != "problem" || got[0] != "101" || got[1] != "2nd floor" {
			t.Fatalf("round %d: step %q, room %q, address %q", round, s.Step, s.Draft.Report.Location.Room, s.Draft.Report.Location.Address)
		}
		// Back to the room question for the next round.
		s.Step = "room"
		s.Draft.Report.Location.Room, s.Draft.Report.Location.Address = "", ""
		prev := s.Version
		s.Version++
		if err := store.PutSession(ctx, s, prev); err != nil {
			t.Fatal(err)
		}
	}
}
