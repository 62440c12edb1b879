package repo_test

import (
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// The embedded store answers Articles from memory too: no find after the
// first read, until an article is saved or deleted.
func TestFAQFromMemory(t *testing.T) {
	s := repotest.Open(t)
	ctx := t.Context()
	finds := func() int64 { return s.Commands()["find"] }
	a := desk.Article{ID: "a1", Title: "Lift stuck", Body: "Press the alarm.", Keywords: []string{"lift"}}
	if err := s.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if as, err := s.Articles(ctx); err != nil || len(as) != 1 {
		t.Fatalf("articles: %v, %v", as, err)
	}
	before := finds()
	as, _ := s.Articles(ctx)
	if n := finds() - before; n != 0 {
		t.Errorf("a second read made %d finds, want none", n)
	}
	as[0].Keywords[0], as[0].Title = "changed", "Changed"
	if again, _ := s.Articles(ctx); again[0].Keywords[0] != "lift" || again[0].Title != "Lift stuck" {
		t.Errorf("a caller's change reached the memory: %+v", again[0])
	}
	a.Title = "Lift stopped"
	if err := s.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if as, _ := s.Articles(ctx); len(as) != 1 || as[0].Title != "Lift stopped" {
		t.Errorf("after an edit: %+v", as)
	}
	if err := s.DeleteArticle(ctx, "a1"); err != nil {
		t.Fatal(err)
	}
	if as, _ := s.Articles(ctx); len(as) != 0 {
		t.Errorf("after deleting it: %+v", as)
	}
}
