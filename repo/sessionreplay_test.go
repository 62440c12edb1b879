package repo

import (
	"context"
	"fmt"
	"log/slog"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// A crash loses the session versions staged since the last write; the
// inputs that made them, still kept, are handed over again, and the
// dialogue they replay is the one the person saw: the same answers, the
// registration made once, the same question next.
func TestStagedStepsReplayTheSameDialogue(t *testing.T) {
	ctx := context.Background()
	open := opener(t, t.TempDir())
	db := open()
	if _, err := db.Store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	engine := func(s *Store) *conversation.Engine {
		return conversation.New(desk.NewService(s, s, s, s), s, slog.New(slog.DiscardHandler))
	}
	in := func(n int, kind talk.Kind, command, text string) talk.Input {
		return talk.Input{Platform: "test", Account: "test:a", Chat: "test:a", Lang: "en",
			Kind: kind, Command: command, Text: text, Key: fmt.Sprint("test:update:", n)}
	}
	inputs := []talk.Input{in(1, talk.KindCommand, "start", ""), in(2, talk.KindText, "", "Alice"),
		in(3, talk.KindText, "", "13800000000"), in(4, talk.KindText, "", "Lab"),
		in(5, talk.KindCommand, "report", "new"), in(6, talk.KindText, "", "1"), in(7, talk.KindText, "", "1")}
	e := engine(db.Store)
	var answers []string
	for _, i := range inputs {
		resp, err := e.Handle(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, fmt.Sprint(resp.Messages))
	}
	before, err := db.Store.Session(ctx, "test:a|dm")
	if err != nil {
		t.Fatal(err)
	}

	// The crash: what is staged is lost; the registration (input 4)
	// wrote the versions before it, so inputs 4 to 7 come again.
	db.Store.sessions.mu.Lock()
	clear(db.Store.sessions.pending)
	db.Store.sessions.mu.Unlock()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = open()
	defer db.Close()
	if s, err := db.Store.Session(ctx, "test:a|dm"); err != nil || s.Version >= before.Version {
		t.Fatalf("after the crash the session is at version %v (%v), want one before %d", s, err, before.Version)
	}
	e = engine(db.Store)
	for i, input := range inputs[3:] {
		resp, err := e.Handle(ctx, input)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(resp.Messages); got != answers[3+i] {
			t.Errorf("input %s handed over again answered\n%s\nwant, as before the crash,\n%s", input.Key, got, answers[3+i])
		}
	}
	after, err := db.Store.Session(ctx, "test:a|dm")
	if err != nil {
		t.Fatal(err)
	}
	if after.Flow != before.Flow || after.Step != before.Step || after.Version != before.Version {
		t.Errorf("after the replay the session is at %s/%s v%d, want %s/%s v%d", after.Flow, after.Step, after.Version,
			before.Flow, before.Step, before.Version)
	}
	if n, err := db.Store.c(colUsers).CountDocuments(ctx, bson.D{}); err != nil || n != 1 {
		t.Errorf("%d people stored (%v), want one", n, err)
	}
}
