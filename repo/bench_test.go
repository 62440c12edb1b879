package repo_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
)

// The hot paths must not slow down as the archive grows. Each benchmark
// runs with an empty archive and with 100 k closed tickets, beside 200
// open ones:
//
//	go test -run '^$' -bench . -benchtime 200x ./repo/
const openTickets = 200

var archiveSizes = []int{0, 100_000}

type benchDesk struct {
	db    *repo.DB
	svc   *desk.Service
	req   *desk.User
	techs []*desk.User
	open  []string
}

var (
	benchMu    sync.Mutex
	benchDesks = map[int]*benchDesk{}
	benchDirs  []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range benchDesks {
		d.db.Close()
	}
	for _, dir := range benchDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// deskWithArchive builds (once per size) a desk with 200 open tickets and
// closed ones in the archive, a tenth of them the requester's own.
func deskWithArchive(b *testing.B, closed int) *benchDesk {
	benchMu.Lock()
	defer benchMu.Unlock()
	if d, ok := benchDesks[closed]; ok {
		return d
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "repairdesk-bench")
	if err != nil {
		b.Fatal(err)
	}
	benchDirs = append(benchDirs, dir)
	db, err := repo.Open(ctx, repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	svc, req, techs := newDesk(b, db.Store, 2)
	d := &benchDesk{db: db, svc: svc, req: req, techs: techs}
	c, _ := db.Store.Catalog(ctx)
	archive := db.Store.DB().Collection("tickets_done")
	var mine []string
	batch := make([]any, 0, 1000)
	created := time.Now().Add(-365 * 24 * time.Hour)
	for i := range closed {
		n := int64(100_000 + i)
		who := desk.Person{ID: fmt.Sprintf("someone%d", i%1000), Name: "Someone"}
		if i%10 == 0 {
			who = desk.Person{ID: req.ID, Name: req.Name}
			mine = append(mine, strconv.FormatInt(n, 10))
		}
		t := desk.Ticket{ID: strconv.FormatInt(n, 10), Number: n, State: desk.Completed, Version: 5,
			Requester: who, Report: sampleReport(c), CreatedAt: created, UpdatedAt: created,
			Claim:      &desk.Claim{By: desk.Person{ID: "t", Name: "Tech"}, At: created},
			Completion: &desk.Completion{RepairType: c.RepairTypes[0], Result: "Fixed", At: created},
			History:    []desk.Event{{Action: desk.ActCreate, By: who, At: created}}, Posts: []desk.Post{}}
		batch = append(batch, t)
		if len(batch) == cap(batch) || i == closed-1 {
			if _, err := archive.InsertMany(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if len(mine) > 0 {
		_, err := db.Store.DB().Collection("user_tickets").InsertOne(ctx, bson.D{{Key: "_id", Value: req.ID}, {Key: "ids", Value: mine}})
		if err != nil {
			b.Fatal(err)
		}
	}
	for range openTickets {
		d.open = append(d.open, report(b, svc, db.Store, req).ID)
	}
	benchDesks[closed] = d
	return d
}

func forSizes(b *testing.B, f func(b *testing.B, d *benchDesk)) {
	for _, n := range archiveSizes {
		b.Run(fmt.Sprintf("archived=%d", n), func(b *testing.B) {
			d := deskWithArchive(b, n)
			before := sum(d.db.Store.Commands())
			b.ResetTimer()
			f(b, d)
			// Round trips, the cost that time alone hides: on the one
			// connection of the embedded store every caller waits for them.
			b.ReportMetric(float64(sum(d.db.Store.Commands())-before)/float64(b.N), "commands/op")
		})
	}
}

// sum adds up counts of commands.
func sum(counts map[string]int64) int64 {
	var n int64
	for _, c := range counts {
		n += c
	}
	return n
}

func BenchmarkGetOpenTicket(b *testing.B) {
	forSizes(b, func(b *testing.B, d *benchDesk) {
		for i := 0; b.Loop(); i++ {
			if _, err := d.svc.Ticket(b.Context(), d.req, d.open[i%len(d.open)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkStateChange claims a ticket and releases it again: two
// conditional updates per operation.
func BenchmarkStateChange(b *testing.B) {
	forSizes(b, func(b *testing.B, d *benchDesk) {
		ctx := b.Context()
		for i := 0; b.Loop(); i++ {
			id := d.open[i%len(d.open)]
			if _, err := d.svc.Claim(ctx, d.techs[0], id); err != nil {
				b.Fatal(err)
			}
			if _, err := d.svc.Release(ctx, d.techs[0], id, "bench"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDispatchList(b *testing.B) {
	forSizes(b, func(b *testing.B, d *benchDesk) {
		for b.Loop() {
			ts, err := d.svc.Pool(b.Context(), d.techs[0])
			if err != nil || len(ts) < openTickets {
				b.Fatalf("%d tickets, %v", len(ts), err)
			}
		}
	})
}

func BenchmarkOverdueSweep(b *testing.B) {
	forSizes(b, func(b *testing.B, d *benchDesk) {
		for b.Loop() {
			if _, err := d.svc.OverdueTickets(b.Context()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkLast20OfOnePerson(b *testing.B) {
	forSizes(b, func(b *testing.B, d *benchDesk) {
		for b.Loop() {
			ts, err := d.svc.Mine(b.Context(), d.req, "", 20)
			if err != nil || len(ts) != 20 {
				b.Fatalf("%d tickets, %v", len(ts), err)
			}
		}
	})
}
