package repo_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// The embedded store answers live-ticket reads from memory: after every
// kind of write, what it answers is what the collection holds.
func TestLiveMirrorMatchesCollection(t *testing.T) {
	db := repotest.OpenDB(t, t.TempDir())
	store := db.Store
	svc, req, techs := newDesk(t, store, 2)
	ctx := t.Context()
	var ids []string
	for range 6 {
		ids = append(ids, report(t, svc, store, req).ID)
	}
	must := func(_ *desk.Ticket, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(svc.Claim(ctx, techs[0], ids[0]))
	must(svc.Claim(ctx, techs[1], ids[1]))
	must(svc.RequestSuspension(ctx, techs[1], ids[1], "parts", nil))
	must(svc.Cancel(ctx, req, ids[2], "never mind"))
	if err := store.AddPost(ctx, ids[3], desk.Post{Kind: desk.PostDispatch, Chat: "test:d", MessageID: "7"}); err != nil {
		t.Fatal(err)
	}
	if err := store.MarkSent(ctx, ids[3], 0, 1); err != nil {
		t.Fatal(err)
	}
	delivered(t, store, ids[2])
	if err := store.Archive(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}

	mirrored, err := store.Live(ctx, desk.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	cur, err := store.DB().Collection("tickets").Find(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	var stored []*desk.Ticket
	if err := cur.All(ctx, &stored); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(stored, func(a, b *desk.Ticket) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(mirrored, func(a, b *desk.Ticket) int { return strings.Compare(a.ID, b.ID) })
	if len(mirrored) != 5 || !reflect.DeepEqual(mirrored, stored) {
		t.Fatalf("mirror (%d tickets) differs from the collection (%d tickets)", len(mirrored), len(stored))
	}
	// A filter reads the fields it names from the mirror as decoding
	// the whole ticket would.
	for _, f := range []desk.Filter{
		{Requester: req.ID}, {Requester: techs[0].ID}, {Technician: techs[1].ID},
		{States: []desk.State{desk.Accepted}}, {States: []desk.State{desk.Pending, desk.Accepted}, Technician: techs[0].ID},
	} {
		got, err := store.Live(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, t := range stored {
			if (len(f.States) == 0 || slices.Contains(f.States, t.State)) && (f.Requester == "" || t.Requester.ID == f.Requester) &&
				(f.Technician == "" || t.Claim != nil && t.Claim.By.ID == f.Technician) {
				want = append(want, t.ID)
			}
		}
		var have []string
		for _, t := range got {
			have = append(have, t.ID)
		}
		slices.Sort(have)
		if !slices.Equal(have, want) {
			t.Errorf("Live(%+v) = %v, want %v", f, have, want)
		}
	}
	one, err := store.Get(ctx, ids[3])
	if err != nil || one.Sent != 1 || len(one.Posts) != 1 {
		t.Fatalf("get from the mirror: %+v %v", one, err)
	}
	// The mirror hands out copies: changing one changes nothing stored.
	one.Title = "changed"
	again, _ := store.Get(ctx, ids[3])
	if again.Title == "changed" {
		t.Fatal("a ticket read from the mirror shares memory with it")
	}
}
