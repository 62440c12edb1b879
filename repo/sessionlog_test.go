package repo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
)

// On the embedded store a staged session is what the next step reads, and
// reaches the collection with the next Finish, before the inputs it
// finishes; the versions replaced leave the collection once they are half
// of it, and a restart reads each session's newest version.
func TestSessionVersionsStagedUntilFinish(t *testing.T) {
	ctx := context.Background()
	open := opener(t, t.TempDir())
	db := open()
	s := db.Store
	stored := func() []string {
		t.Helper()
		cur, err := s.c(colSessions).Find(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		var docs []sessionDoc
		if err := cur.All(ctx, &docs); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, d := range docs {
			ids = append(ids, fmt.Sprint(d.Session, "@", d.Version))
		}
		slices.Sort(ids)
		return ids
	}
	step := func(id string, version int, text string) {
		t.Helper()
		ss := &conversation.Session{ID: id, Flow: "report", Step: text, Version: version}
		if err := s.StageSession(ctx, ss, version-1); err != nil {
			t.Fatalf("stage %s version %d: %v", id, version, err)
		}
		if got, err := s.Session(ctx, id); err != nil || got.Step != text || got.Version != version {
			t.Fatalf("read back %s: %+v, %v; want the version just staged", id, got, err)
		}
	}

	step("a|dm", 1, "zone")
	step("a|dm", 2, "building")
	step("b|dm", 1, "zone")
	if ids := stored(); len(ids) != 0 {
		t.Fatalf("before Finish, the collection holds %v: a crash would hand the inputs over again", ids)
	}
	err := s.StageSession(ctx, &conversation.Session{ID: "a|dm", Version: 2}, 1)
	if !errors.Is(err, desk.ErrConflict) {
		t.Errorf("a write against version 1 of a session staged at 2: %v, want a conflict", err)
	}
	if err := s.Finish(ctx, []string{"in:1"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(stored()); got != "[a|dm@2 b|dm@1]" {
		t.Errorf("after Finish, the collection holds %s, want the newest version of each session", got)
	}

	// Forty sessions more; then the versions replaced leave once they
	// are half of the collection.
	var more []string
	for i := range 40 {
		more = append(more, fmt.Sprint("p", i, "|dm"))
		step(more[i], 1, "zone")
	}
	if err := s.Finish(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, id := range more[:30] {
		step(id, 2, "building")
	}
	if err := s.Finish(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := len(stored()); got != 72 {
		t.Errorf("after 30 versions replaced of 72, the collection holds %d, want 72", got)
	}
	for _, id := range more[30:] {
		step(id, 2, "building")
	}
	step("b|dm", 2, "building")
	step("a|dm", 3, "room")
	if err := s.Finish(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := len(stored()); got != 42 {
		t.Errorf("after 42 versions replaced of 84, the collection holds %d, want 42", got)
	}

	// Close writes what is staged; the next run reads the newest.
	step("a|dm", 4, "address")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = open()
	s = db.Store
	for id, want := range map[string]string{"a|dm": "address", "b|dm": "building"} {
		if got, err := s.Session(ctx, id); err != nil || got.Step != want {
			t.Errorf("after a restart, %s: %+v, %v; want step %s", id, got, err, want)
		}
	}
	if _, err := s.Session(ctx, "c|dm"); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("a session never written: %v, want not found", err)
	}
	// A session put back to an earlier version is read as put back,
	// after a restart too.
	if err := s.PutSession(ctx, &conversation.Session{ID: "a|dm", Step: "zone again", Version: 2}, 4); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = open()
	defer db.Close()
	if got, err := db.Store.Session(ctx, "a|dm"); err != nil || got.Step != "zone again" || got.Version != 2 {
		t.Errorf("a session put back to version 2, after a restart: %+v, %v", got, err)
	}
}

// A change to what dialogues read (here a person) first writes every
// session staged: a crash after it hands over again only the steps since.
func TestSessionsWrittenBeforeTheWorldChanges(t *testing.T) {
	ctx := context.Background()
	db := opener(t, t.TempDir())()
	defer db.Close()
	s := db.Store
	if err := s.StageSession(ctx, &conversation.Session{ID: "a|dm", Step: "phone", Version: 1}, 0); err != nil {
		t.Fatal(err)
	}
	if n, err := s.c(colSessions).CountDocuments(ctx, bson.D{}); err != nil || n != 0 {
		t.Fatalf("staged: %d sessions in the collection, %v; want none yet", n, err)
	}
	if err := s.CreateUser(ctx, &desk.User{ID: "u1", Accounts: []string{"a"}, Version: 1}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.c(colSessions).CountDocuments(ctx, bson.D{{Key: "session", Value: "a|dm"}}); err != nil || n != 1 {
		t.Errorf("after a person was created: %d versions of the session in the collection, %v; want 1", n, err)
	}
}

// A version written before a restart with a clock ahead of the next run's
// is still older than what the next run writes.
func TestSessionVersionsOrderedAcrossAClockSetBack(t *testing.T) {
	ctx := context.Background()
	open := opener(t, t.TempDir())
	db := open()
	ahead := versionDoc("a|dm", 1, nil)
	ahead.Seq += int64(time.Hour)
	ahead.Body, _ = bson.Marshal(conversation.Session{ID: "a|dm", Step: "from the future", Version: 1})
	if _, err := db.Store.c(colSessions).InsertOne(ctx, ahead); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open()
	if err := db.Store.PutSession(ctx, &conversation.Session{ID: "a|dm", Step: "now", Version: 2}, 1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open()
	defer db.Close()
	if got, err := db.Store.Session(ctx, "a|dm"); err != nil || got.Step != "now" {
		t.Errorf("after a restart: %+v, %v; want the version written last", got, err)
	}
}
