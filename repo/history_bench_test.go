package repo_test

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
)

// BenchmarkHistory100k measures a month's report and searches with 100 k
// closed tickets in history, three years of a busy desk (about 90 a day,
// 2 700 a month), beside 200 open ones:
//
//	go test -run '^$' -bench History100k -benchtime 10x ./repo/
//
// Seeding takes a minute or two; the figures are per report or search.
func BenchmarkHistory100k(b *testing.B) {
	ctx := b.Context()
	dir, err := os.MkdirTemp("", "repairdesk-bench")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := repo.Open(ctx, repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc, req, techs := newDesk(b, db.Store, 10)
	end := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	seedHistory(b, db.Store, techs, req, end, 100_000)
	for range openTickets {
		report(b, svc, db.Store, req)
	}
	svc.Now = func() time.Time { return end }
	boss, err := svc.GrantBootstrap(ctx, techs[0].ID, desk.RoleSupervisor)
	if err != nil {
		b.Fatal(err)
	}
	run := func(name string, f func(b *testing.B)) {
		b.Run(name, func(b *testing.B) {
			before := sum(db.Store.Commands())
			b.ResetTimer()
			f(b)
			b.ReportMetric(float64(sum(db.Store.Commands())-before)/float64(b.N), "commands/op")
		})
	}
	run("report/last-month", func(b *testing.B) {
		for b.Loop() {
			st, err := svc.PeriodReport(b.Context(), boss, "2026-10-01 2026-10-31")
			if err != nil || st.Opened < 2000 {
				b.Fatalf("%d opened, %v", st.Opened, err)
			}
		}
	})
	run("report/this-month", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.PeriodReport(b.Context(), boss, desk.PeriodMonth); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A month's export in the chat: the history's months since, then
	// each of the month's tickets whole, by _id.
	run("export/last-month", func(b *testing.B) {
		for b.Loop() {
			n, err := svc.Export(b.Context(), boss, "2026-10-01 2026-10-31", io.Discard)
			if err != nil || n < 2000 {
				b.Fatalf("%d exported, %v", n, err)
			}
		}
	})
	for _, q := range []struct{ name, text string }{
		{"common-word", "灯"},                // a page found in the newest month
		{"person-and-building", "tech3 A2"}, // a technician's name and a building
		{"state-and-dates", "cancelled 2025-03-01 2025-03-31"},
		{"rare-phone", "13900000007"}, // one requester's phone: every month read
		{"no-match", `{"$gt": ""}`},   // nothing matches: every month read
	} {
		run("search/"+q.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.Search(b.Context(), boss, q.text, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// seedHistory writes n closed tickets straight into the archive, spread
// evenly over the three years before end, and builds their history.
func seedHistory(b *testing.B, store *repo.Store, techs []*desk.User, req *desk.User, end time.Time, n int) {
	ctx := b.Context()
	c, err := store.Catalog(ctx)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	titles := []string{"灯不亮", "水龙头漏水", "空调不制冷", "网络断了", "椅子坏了", "Door lock stuck", "Socket sparks"}
	descs := []string{"三楼走廊的灯不亮了，开关按了没反应", "洗手间水龙头一直滴水", "空调开了半小时还是热风",
		"宿舍网口没有信号，换了网线也不行", "椅子腿松了，坐上去会晃", "The lock jams when it is cold.", "Sparks when plugging in a kettle."}
	span := 3 * 365 * 24 * time.Hour
	batch := make([]any, 0, 1000)
	for i := range n {
		created := end.Add(-span + time.Duration(i)*(span/time.Duration(n)))
		zone := c.Zones[r.IntN(len(c.Zones))]
		tech := techs[r.IntN(len(techs))]
		who := desk.Person{ID: fmt.Sprintf("someone%d", i%3000), Name: fmt.Sprintf("Person %d", i%3000)}
		num := int64(100_000 + i)
		k := r.IntN(len(titles))
		t := desk.Ticket{ID: strconv.FormatInt(num, 10), Number: num, Version: 6, Requester: who, CreatedAt: created,
			Report: desk.Report{Location: desk.Location{Zone: zone.Name, Building: zone.Buildings[r.IntN(len(zone.Buildings))],
				Room: strconv.Itoa(100 + r.IntN(400)), Address: fmt.Sprintf("%d楼", 1+r.IntN(5))},
				ProblemType: c.ProblemTypes[r.IntN(len(c.ProblemTypes))], Title: titles[k], Description: descs[k],
				Contact: fmt.Sprintf("139%08d", i%3000)},
			History: []desk.Event{{Action: desk.ActCreate, By: who, At: created}}, Posts: []desk.Post{}}
		if r.IntN(10) == 0 {
			t.State, t.Cancel = desk.Cancelled, &desk.Cancellation{By: who, At: created.Add(20 * time.Minute), Reason: "gone"}
			t.UpdatedAt = t.Cancel.At
		} else {
			claimed := created.Add(time.Duration(5+r.IntN(240)) * time.Minute)
			done := claimed.Add(time.Duration(30+r.IntN(600)) * time.Minute)
			by := desk.Person{ID: tech.ID, Name: tech.Name}
			t.State, t.Claim = desk.Completed, &desk.Claim{By: by, At: claimed}
			t.History = append(t.History, desk.Event{Action: desk.ActClaim, By: by, At: claimed})
			if r.IntN(8) == 0 {
				t.Suspensions = []desk.Suspension{{Reason: "parts", By: by, RequestedAt: claimed.Add(10 * time.Minute),
					Review: desk.ReviewApproved, ReviewedAt: claimed.Add(20 * time.Minute), ResumedAt: done.Add(-10 * time.Minute)}}
			}
			if r.IntN(6) == 0 {
				t.Urges = []desk.Urge{{By: who, At: created.Add(2 * time.Hour)}}
			}
			t.Completion = &desk.Completion{RepairType: c.RepairTypes[0], Result: "Fixed", By: by, At: done}
			t.UpdatedAt = done
			if r.IntN(3) > 0 {
				stars := 1 + r.IntN(5)
				t.Rating = &desk.Rating{Stars: stars, Comment: "ok", At: done.Add(time.Hour)}
				t.UpdatedAt = t.Rating.At
			}
		}
		batch = append(batch, t)
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := store.DB().Collection("tickets_done").InsertMany(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := store.RebuildHistory(ctx); err != nil {
		b.Fatal(err)
	}
}
