package repo

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// A session is stored as its version and one encoded field; it reads back
// whole, after a restart too, a write against an older version is refused,
// and a session stored field by field, as before, is read and then written
// in the new form.
func TestSessionStoredInOneField(t *testing.T) {
	ctx := context.Background()
	open := opener(t, t.TempDir())
	db := open()
	s := db.Store
	ss := &conversation.Session{ID: "telegram:1|dm", Flow: "report", Step: "building", Version: 1,
		Done: []string{"telegram:update:7"},
		Answer: &conversation.Answer{Key: "telegram:update:7", Messages: []talk.Message{{Text: "Which building?",
			Rows: []talk.Row{{Buttons: []talk.Button{{Label: "A1", Token: "t:a1"}}}}}}}}
	ss.Draft.Report.Location.Zone = "A区 North"
	if err := s.PutSession(ctx, ss, 0); err != nil {
		t.Fatal(err)
	}
	ss.Step, ss.Version = "room", 2
	if err := s.PutSession(ctx, ss, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, ss, 1); !errors.Is(err, desk.ErrConflict) {
		t.Errorf("a write against version 1 of version 2: %v, want a conflict", err)
	}
	old := conversation.Session{ID: "telegram:2|dm", Flow: "register", Step: "phone", Version: 3}
	old.Draft.Name = "Alice"
	if _, err := s.c(colSessions).InsertOne(ctx, old); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = open()
	defer db.Close()
	s = db.Store
	got, err := s.Session(ctx, ss.ID)
	if err != nil {
		t.Fatal(err)
	}
	gotRaw, _ := bson.Marshal(got)
	wantRaw, _ := bson.Marshal(ss)
	if !bytes.Equal(gotRaw, wantRaw) || got.Answer.Messages[0].Rows[0].Buttons[0].Token != "t:a1" {
		t.Errorf("read back %s, want %s", bson.Raw(gotRaw), bson.Raw(wantRaw))
	}
	was, err := s.Session(ctx, old.ID)
	if err != nil || was.Step != "phone" || was.Draft.Name != "Alice" || was.Version != 3 {
		t.Fatalf("a session stored field by field: %+v, %v", was, err)
	}
	was.Step, was.Version = "department", 4
	if err := s.PutSession(ctx, was, 3); err != nil {
		t.Fatal(err)
	}
	// Each version is a document of its own on the embedded store.
	raw, err := s.c(colSessions).FindOne(ctx, bson.D{{Key: "session", Value: old.ID}, {Key: "version", Value: 4}}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := raw.Lookup("body").BinaryOK(); !ok || raw.Lookup("step").Validate() == nil {
		t.Errorf("not written in one field: %s", raw)
	}
	if again, err := s.Session(ctx, old.ID); err != nil || again.Step != "department" || again.Draft.Name != "Alice" {
		t.Errorf("after the write: %+v, %v", again, err)
	}
}
