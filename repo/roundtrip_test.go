package repo_test

import (
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/repo"
)

// claimBudget is the most commands a Claim press may send to the
// database, in each way of comparing versions. On the embedded store
// every command waits for the one connection, so a press that costs more
// slows every chat at once.
var claimBudget = map[string]int64{"embedded": 3, "database-filter": 3}

// A Claim press, through the desk as a chat makes it, costs a known
// number of round trips to the database; the test fails if it grows.
//
//	go test -run TestClaimRoundTrips -v ./repo/
func TestClaimRoundTrips(t *testing.T) {
	for _, mode := range []struct {
		name       string
		inDatabase bool
	}{{"embedded", false}, {"database-filter", true}} {
		t.Run(mode.name, func(t *testing.T) {
			db, err := repo.Open(t.Context(), repo.Options{DataDir: t.TempDir(), CompareInDatabase: mode.inDatabase}, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			store := db.Store
			svc, req, techs := newDesk(t, store, 1)
			tk := report(t, svc, store, req)
			// Read once, so that what a first read loads is not
			// counted against the press.
			if _, err := store.Get(t.Context(), tk.ID); err != nil {
				t.Fatal(err)
			}
			before := store.Commands()
			if _, err := svc.Claim(t.Context(), techs[0], tk.ID); err != nil {
				t.Fatal(err)
			}
			sent := sub(store.Commands(), before)
			total := sum(sent)
			t.Logf("a claim sends %d commands: %s", total, describe(sent))
			if total > claimBudget[mode.name] {
				t.Errorf("a claim sends %d commands (%s), more than the %d it used to", total, describe(sent), claimBudget[mode.name])
			}
		})
	}
}

// sub returns the counts in after less those in before, leaving out the
// names that did not change.
func sub(after, before map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for name, n := range after {
		if d := n - before[name]; d != 0 {
			out[name] = d
		}
	}
	return out
}

func describe(counts map[string]int64) string {
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s %d", name, counts[name]))
	}
	return strings.Join(parts, ", ")
}
