package conversation_test

import (
	"testing"

	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// BenchmarkDialogueStep measures one input through the engine and the
// embedded store: load the person and their session, run the step, save.
//
//	go test -run '^$' -bench DialogueStep ./conversation/
func BenchmarkDialogueStep(b *testing.B) {
	store := repotest.Open(b)
	h := newHarness(b, store)
	ctx := b.Context()
	acc := "test:bench"
	in := func(kind talk.Kind, cmd, text string) talk.Input {
		return talk.Input{Platform: "test", Account: acc, Chat: acc, Lang: "en", Kind: kind, Command: cmd, Text: text}
	}
	register := []talk.Input{in(talk.KindCommand, "start", ""), in(talk.KindText, "", "Bench"),
		in(talk.KindText, "", "13800000000"), in(talk.KindText, "", "Lab")}
	for _, i := range register {
		if _, err := h.engine.Handle(ctx, i); err != nil {
			b.Fatal(err)
		}
	}
	// A cycle of four steps: start a report, choose a zone and a building
	// by number, name the room.
	cycle := []talk.Input{in(talk.KindCommand, "report", "new"), in(talk.KindText, "", "1"),
		in(talk.KindText, "", "1"), in(talk.KindText, "", "101")}
	steps := 0
	for b.Loop() {
		if _, err := h.engine.Handle(ctx, cycle[steps%len(cycle)]); err != nil {
			b.Fatal(err)
		}
		steps++
	}
}
