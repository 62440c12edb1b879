package desk_test

import (
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// The suggestions a requester sees come from the FAQ and catalogue a new
// desk is seeded with.
func TestSuggestFAQOnTheSeededDesk(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	for text, want := range map[string]string{
		"房间门锁坏了":         "",
		"宿舍停电了，房间里的灯都不亮": "power",
	} {
		as, err := svc.SuggestFAQ(ctx, text, 2)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case want == "" && len(as) > 0:
			t.Errorf("%s: suggested %s", text, as[0].ID)
		case want != "" && (len(as) == 0 || as[0].ID != want):
			t.Errorf("%s: suggested %v, want %s", text, as, want)
		}
	}
}
