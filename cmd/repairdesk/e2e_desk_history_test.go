package main

import (
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
)

// The supervisors' desk is about weeks and months of tickets, which the
// chat would take minutes to report one step at a time at the platforms'
// pace. So the tests of its buttons write that history into the data
// folder through the desk's own service, each ticket at its own time,
// before the program starts on the folder; everything after that goes
// through the chat.

// deskNow is the desk's clock in those tests: a Wednesday, so that this
// week, this month and the last 30 days all differ.
var deskNow = time.Date(2026, 3, 18, 10, 0, 0, 0, shanghai)

// account is somebody written into the store before the desk starts.
type account struct {
	key, name, phone, lang string
}

// seededTicket is one ticket of the history.
type seededTicket struct {
	at       time.Time
	own      bool // the requester's under test, else the other one's
	building string
	problem  string
	cancel   bool
}

// deskHistory: ten lamps reported over two months, #1001 to #1010, half by
// the requester under test. Each period of the report holds a different
// number of them, and a place or kind of fault tells some apart: the one
// of ten days ago is the only one in A3 and the only HVAC fault, in this
// month and the last 30 days but not this week; the one in A2 only in the
// last 30 days. The two oldest are cancelled and archived: the report,
// the search and the export find them in the history.
var deskHistory = []seededTicket{
	{at: time.Date(2026, 1, 12, 9, 0, 0, 0, shanghai), own: true, building: "A1 教学楼 Teaching", problem: "电气 Electrical", cancel: true},
	{at: time.Date(2026, 2, 20, 9, 0, 0, 0, shanghai), building: "A2 图书馆 Library", problem: "电气 Electrical", cancel: true},
	{at: time.Date(2026, 2, 27, 9, 0, 0, 0, shanghai), own: true, building: "A1 教学楼 Teaching", problem: "电气 Electrical"},
	{at: time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai), building: "A1 教学楼 Teaching", problem: "电气 Electrical"},
	{at: time.Date(2026, 3, 8, 9, 0, 0, 0, shanghai), own: true, building: "A3 实验楼 Labs", problem: "空调 HVAC"},
	{at: time.Date(2026, 3, 12, 9, 0, 0, 0, shanghai), building: "A1 教学楼 Teaching", problem: "电气 Electrical"},
	{at: time.Date(2026, 3, 16, 9, 0, 0, 0, shanghai), own: true, building: "A1 教学楼 Teaching", problem: "电气 Electrical"},
	{at: time.Date(2026, 3, 17, 9, 0, 0, 0, shanghai), building: "A1 教学楼 Teaching", problem: "电气 Electrical"},
	{at: time.Date(2026, 3, 18, 8, 0, 0, 0, shanghai), own: true, building: "A1 教学楼 Teaching", problem: "电气 Electrical"},
	{at: time.Date(2026, 3, 18, 9, 0, 0, 0, shanghai), building: "A1 教学楼 Teaching", problem: "电气 Electrical"},
}

// seedDeskHistory writes deskHistory into the store in dir: req's tickets
// and other's, as "Lamp 1" to "Lamp 10", with supervisors given their role.
func seedDeskHistory(t *testing.T, dir string, req, other account, supervisors ...account) {
	t.Helper()
	ctx := t.Context()
	db, err := repo.Open(ctx, repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := db.Store
	if _, err := store.SeedAt(ctx, deskHistory[0].at.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	now := deskHistory[0].at
	svc.Now = func() time.Time { return now }
	person := func(a account) *desk.User {
		u, err := svc.Account(ctx, a.key, a.lang)
		if err == nil {
			u, err = svc.Register(ctx, u, desk.Profile{Name: a.name, Phone: a.phone, Department: "Campus"})
		}
		if err != nil {
			t.Fatalf("%s: %v", a.key, err)
		}
		return u
	}
	requester, stranger := person(req), person(other)
	for _, s := range supervisors {
		if _, err := svc.GrantBootstrap(ctx, person(s).ID, desk.RoleSupervisor); err != nil {
			t.Fatal(err)
		}
	}
	for i, h := range deskHistory {
		u, phone := stranger, other.phone
		if h.own {
			u, phone = requester, req.phone
		}
		now = h.at
		tk, err := svc.Report(ctx, u, desk.Report{
			Location:    desk.Location{Zone: "A区 North", Building: h.building, Room: fmt.Sprint(101 + i)},
			ProblemType: h.problem, Title: fmt.Sprintf("Lamp %d", i+1),
			Description: fmt.Sprintf("Lamp number %d flickers.", i+1), Contact: phone,
		})
		if err != nil {
			t.Fatalf("lamp %d: %v", i+1, err)
		}
		if h.cancel {
			now = h.at.Add(time.Hour)
			if tk, err = svc.Cancel(ctx, u, tk.ID, "It works again."); err != nil {
				t.Fatalf("cancel lamp %d: %v", i+1, err)
			}
		}
		// What the tickets owed went out at the time; a cancelled one is
		// then archived, as the scheduler would have done since.
		for seq := range tk.Outbox {
			if err := svc.MarkDelivered(ctx, tk.ID, seq); err != nil {
				t.Fatalf("lamp %d's notice %d: %v", i+1, seq, err)
			}
		}
		if h.cancel {
			if err := svc.Archive(ctx, tk.ID); err != nil {
				t.Fatalf("archive lamp %d: %v", i+1, err)
			}
		}
	}
}
