package scheduler_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/scheduler"
)

// openTickets is how many tickets are still open beside the archive.
const openTickets = 200

// BenchmarkSweep measures the overdue sweep (the "overdue" and
// "escalate" rules) with 1 k and 100 k stored tickets, nearly all of them
// closed and archived, after the reminders went out: the steady state of
// every tick. "job" is a whole tick with its lease; "list" is
// desk.Service.OverdueTickets, the same read for the supervisors' list.
//
//	go test -bench Sweep -run '^$' ./scheduler/
func BenchmarkSweep(b *testing.B) {
	for _, stored := range []int{1_000, 100_000} {
		f := sweepDesk(b, stored)
		at := base.Add(48 * time.Hour)
		b.Run(fmt.Sprintf("job/stored=%d", stored), func(b *testing.B) {
			for b.Loop() {
				at = at.Add(time.Minute)
				f.at(at)
				if ran, err := f.sched.Tick(b.Context(), scheduler.JobOverdue, at); !ran || err != nil {
					b.Fatalf("ran %v, %v", ran, err)
				}
			}
		})
		b.Run(fmt.Sprintf("list/stored=%d", stored), func(b *testing.B) {
			for b.Loop() {
				if ts, err := f.svc.OverdueTickets(b.Context()); err != nil || len(ts) != openTickets {
					b.Fatalf("%d overdue, %v", len(ts), err)
				}
			}
		})
	}
}

// sweepDesk stores openTickets pending tickets, overdue and already
// reminded, and stored-openTickets completed ones in the archive.
func sweepDesk(b *testing.B, stored int) *fixture {
	b.Helper()
	start := time.Now()
	f := newFixtureOn(b, repotest.Open(b))
	for range openTickets {
		f.report(desk.Window{})
	}
	// Closed tickets go straight into the archive collection, a thousand
	// to a write; archiving them one by one would take minutes and
	// measure nothing the benchmark is about.
	archive := f.store.DB().Collection("tickets_done")
	tpl := f.report(desk.Window{}) // a realistic document, copied below
	batch := make([]any, 0, 1000)
	direct := stored - openTickets - 1 // the template is the last one
	for i := range direct {
		n := int64(1_000_000 + i)
		at := base.Add(-time.Duration(direct-i) * time.Minute)
		t := *tpl
		t.ID, t.Number, t.State, t.Version = strconv.FormatInt(n, 10), n, desk.Completed, 4
		t.CreatedAt, t.UpdatedAt = at, at
		t.Claim = &desk.Claim{By: desk.Person{ID: f.tech.ID, Name: f.tech.Name}, At: at}
		t.Completion = &desk.Completion{RepairType: f.cat.RepairTypes[0], Result: "Fixed", At: at}
		t.Outbox, t.Sent = t.Outbox[:1:1], 1
		batch = append(batch, t)
		if len(batch) == cap(batch) || i == direct-1 {
			if _, err := archive.InsertMany(f.ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	// The template is closed and archived the usual way, so that exactly
	// openTickets are open.
	f.do(base, func() (*desk.Ticket, error) { return f.svc.Cancel(f.ctx, f.req, tpl.ID, "template") })
	f.delivered(tpl.ID)
	f.tick(scheduler.JobArchive, base.Add(time.Minute))
	// The first sweep sends every reminder; the benchmark measures the
	// ones after it.
	f.tick(scheduler.JobOverdue, base.Add(48*time.Hour))
	b.Logf("stored=%d: %d open, %d archived, set up in %s", stored, openTickets, stored-openTickets,
		time.Since(start).Round(time.Millisecond))
	return f
}
