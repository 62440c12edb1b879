package desk_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// The seeded history the figures below were worked out from by hand. The
// week is Monday 2 to Sunday 8 November 2026 in Shanghai; h(x) is x hours
// after it began, and the figures are read at h(204), Tuesday noon.
var (
	week  = time.Date(2026, 11, 2, 0, 0, 0, 0, shanghai)
	h     = func(x float64) time.Time { return week.Add(time.Duration(x * float64(time.Hour))) }
	li    = desk.Person{ID: "li", Name: "李师傅"}
	wang  = desk.Person{ID: "wang", Name: "Wang"}
	zhao  = desk.Person{ID: "zhao", Name: "Zhao"}
	alice = desk.Person{ID: "alice", Name: "Alice"}
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// seededTickets are ten tickets: the week's own, one completed in it but
// reported the week before, one still open from before, and one reported
// in it and completed after it.
func seededTickets() []*desk.Ticket {
	tk := func(id string, created float64, zone, building, room, problem string) *desk.Ticket {
		n := int64(len(id))*1000 + int64(id[len(id)-1])
		return &desk.Ticket{ID: id, Number: n, State: desk.Pending, Requester: alice, CreatedAt: h(created), UpdatedAt: h(created),
			Report: desk.Report{Location: desk.Location{Zone: zone, Building: building, Room: room},
				ProblemType: problem, Title: "t" + id}}
	}
	claim := func(t *desk.Ticket, by desk.Person, at float64) {
		t.State, t.Claim = desk.Accepted, &desk.Claim{By: by, At: h(at)}
		t.History = append(t.History, desk.Event{Action: desk.ActClaim, By: by, At: h(at)})
	}
	complete := func(t *desk.Ticket, at float64) {
		t.State, t.Completion = desk.Completed, &desk.Completion{By: t.Claim.By, At: h(at), RepairType: "fix"}
		t.UpdatedAt = h(at)
	}
	rate := func(t *desk.Ticket, stars int, comment string, at float64) {
		t.Rating = &desk.Rating{Stars: stars, Comment: comment, At: h(at)}
		t.UpdatedAt = h(at)
	}
	// T1: claimed after 1 h, asked to suspend at 3 (approved at 4,
	// resumed at 6), completed at 8: 3 h under repair (the review's hour
	// and the suspension's two are the technician's pause), resolved in
	// 5 h. A repeat of T7.
	t1 := tk("1", 1, "A", "A1", "101", "elec")
	claim(t1, li, 2)
	t1.Suspensions = []desk.Suspension{{By: li, RequestedAt: h(3), Review: desk.ReviewApproved, ReviewedAt: h(4), ResumedAt: h(6)}}
	complete(t1, 8)
	rate(t1, 5, "great", 9)
	// T2: waited 3 h (overdue), done after the window's end: a repeat of T1.
	t2 := tk("2", 2, "A", "A1", "101", "elec")
	t2.Window = desk.Window{Start: h(3), End: h(6)}
	t2.Urges = []desk.Urge{{By: alice, At: h(4)}}
	claim(t2, li, 5)
	complete(t2, 7)
	rate(t2, 2, "too slow", 8)
	// T3: a rejected suspension (15 min in review); 1¾ h under repair.
	t3 := tk("3", 10, "A", "A2", "201", "water")
	claim(t3, wang, 10.5)
	t3.Suspensions = []desk.Suspension{{By: wang, RequestedAt: h(10.75), Review: desk.ReviewRejected, ReviewedAt: h(11)}}
	complete(t3, 12.5)
	rate(t3, 4, "", 13)
	// T4: cancelled after an hour; no room, and cancelled: never a repeat.
	t4 := tk("4", 20, "B", "B1", "", "elec")
	t4.State, t4.Cancel = desk.Cancelled, &desk.Cancellation{By: alice, At: h(21), Reason: "gone"}
	t4.UpdatedAt = h(21)
	// T5: suspended since 32 and still; its window ended at 31.5, before.
	t5 := tk("5", 30, "B", "B1", "301", "water")
	t5.Window = desk.Window{Start: h(30.5), End: h(31.5)}
	claim(t5, zhao, 31)
	t5.Suspensions = []desk.Suspension{{By: zhao, RequestedAt: h(31.5), Review: desk.ReviewApproved, ReviewedAt: h(32)}}
	t5.State = desk.Suspended
	t5.Urges = []desk.Urge{{By: alice, At: h(33)}, {By: alice, At: h(35)}}
	// T6: still pending, long overdue; a repeat of T3.
	t6 := tk("6", 40, "A", "A2", "201", "water")
	// T7: reported the week before, completed in the week, rated 1.
	t7 := tk("7", -192, "A", "A1", "101", "elec")
	claim(t7, wang, -191)
	complete(t7, 3)
	rate(t7, 1, "still broken", 4)
	// T9: open since before the week, claimed after it.
	t9 := tk("9", -70, "A", "A1", "102", "elec")
	claim(t9, li, 200)
	// T10: reported and claimed in the week, completed after it, late.
	t10 := tk("10", 100, "B", "B1", "301", "elec")
	claim(t10, zhao, 101)
	complete(t10, 170)
	return []*desk.Ticket{t1, t2, t3, t4, t5, t6, t7, t9, t10}
}

func statsSettings() desk.Settings {
	s := desk.DefaultSettings()
	s.WorkHours = "" // wall-clock hours, as the figures were worked out
	return s
}

// wantWeek are the seeded week's figures, worked out by hand.
func wantWeek() desk.PeriodStats {
	hr := func(x float64) time.Duration { return time.Duration(x * float64(time.Hour)) }
	return desk.PeriodStats{
		Period:    desk.Period{Kind: desk.PeriodRange, From: h(0), To: h(168)},
		At:        h(204),
		Opened:    7, // T1 T2 T3 T4 T5 T6 T10
		ByState:   map[desk.State]int{desk.Completed: 4, desk.Cancelled: 1, desk.Suspended: 1, desk.Pending: 1},
		Completed: 4, // T1 T2 T3 T7
		Cancelled: 1,
		Backlog:   4, // T5 T6 T9, and T10 (completed after the end)
		Technicians: []desk.TechStats{
			// T1, T2: to claim 1 h and 3 h; to complete 4 h and 2 h; T2 late.
			{Tech: li, Claimed: 2, Completed: 2, ToClaim: hr(2), ToComplete: hr(2.5), InWindow: 1, Rated: 2, AvgStars: 3.5},
			// T3 (claimed in 30 min, 2 h under repair) and T7 (194 h, late).
			{Tech: wang, Claimed: 1, Completed: 2, ToClaim: hr(0.5), ToComplete: hr(97.875), InWindow: 1, Rated: 2, AvgStars: 2.5},
			{Tech: zhao, Claimed: 2, ToClaim: hr(1)},
		},
		Places: []desk.GroupStats{
			{Name: "B / B1", Count: 3},
			{Name: "A / A1", Count: 2, Repair: hr(3), Repaired: 3, Repeats: 2}, // T1 T2 T7: 3 h, 2 h, 194 h
			{Name: "A / A2", Count: 2, Repair: hr(1.75), Repaired: 1, Repeats: 1},
		},
		Problems: []desk.GroupStats{
			{Name: "elec", Count: 4, Repair: hr(3), Repaired: 3, Repeats: 2},
			{Name: "water", Count: 3, Repair: hr(1.75), Repaired: 1, Repeats: 1},
		},
		// First claims in the week: 0.5 h, 1 h, 1 h, 1 h, 3 h.
		FirstResponse: desk.Spread{N: 5, Median: hr(1), P90: hr(3)},
		// Completions: 2.5 h, 5 h (T1, its 2 h suspended left out), 5 h, 195 h.
		Resolution:   desk.Spread{N: 4, Median: hr(5), P90: hr(195)},
		Overdue:      4, // T2 (waited), T5 (window), T6 (waiting), T10 (late)
		Urges:        3,
		UrgedTickets: 2,
		Approved:     2,
		Rejected:     1,
		Stars:        [6]int{0, 1, 1, 0, 1, 1},
		Rated:        4,
		AvgStars:     3,
		Low: []desk.LowRating{
			{Ticket: "7", Stars: 1, Comment: "still broken", Tech: "Wang", At: h(4)},
			{Ticket: "2", Stars: 2, Comment: "too slow", Tech: "李师傅", At: h(8)},
		},
	}
}

func TestComputeStats(t *testing.T) {
	p, err := desk.ParsePeriod("2026-11-02 2026-11-08", h(204), shanghai)
	if err != nil {
		t.Fatal(err)
	}
	got := desk.ComputeStats(p, seededTickets(), statsSettings(), h(204))
	want := wantWeek()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("figures\n got %+v\nwant %+v", got, want)
	}
	// Order of the tickets does not matter.
	ts := seededTickets()
	slices.Reverse(ts)
	if again := desk.ComputeStats(p, ts, statsSettings(), h(204)); !reflect.DeepEqual(again, want) {
		t.Errorf("figures from reversed tickets differ:\n got %+v", again)
	}
}

func TestComputeStatsSpreads(t *testing.T) {
	hr := func(x float64) time.Duration { return time.Duration(x * float64(time.Hour)) }
	for _, c := range []struct {
		name   string
		waits  []float64 // hours from report to claim
		median time.Duration
		p90    time.Duration
	}{
		{"none", nil, 0, 0},
		{"one", []float64{2}, hr(2), hr(2)},
		{"two", []float64{1, 4}, hr(2.5), hr(4)},
		{"ten", []float64{10, 1, 2, 3, 4, 5, 6, 7, 8, 9}, hr(5.5), hr(9)},
		{"eleven", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, hr(6), hr(10)},
	} {
		t.Run(c.name, func(t *testing.T) {
			var ts []*desk.Ticket
			for i, w := range c.waits {
				tk := &desk.Ticket{ID: string(rune('a' + i)), State: desk.Accepted, CreatedAt: h(0)}
				tk.Claim = &desk.Claim{By: li, At: h(w)}
				tk.History = []desk.Event{{Action: desk.ActClaim, At: h(w)}}
				ts = append(ts, tk)
			}
			p := desk.Period{From: h(0), To: h(24)}
			st := desk.ComputeStats(p, ts, statsSettings(), h(30))
			if st.FirstResponse != (desk.Spread{N: len(c.waits), Median: c.median, P90: c.p90}) {
				t.Errorf("first response %+v, want median %v p90 %v", st.FirstResponse, c.median, c.p90)
			}
		})
	}
}

// The figures are the same when the tickets are read back from the store,
// the final ones from the archive.
func TestPeriodReportReadsLiveAndArchived(t *testing.T) {
	ctx := t.Context()
	svc, store, archived := storedDesk(t, seededTickets())
	admin := &desk.User{ID: "root", Roles: []desk.Role{desk.RoleAdmin}}
	live, _ := store.Live(ctx, desk.Filter{})
	if archived != 6 || len(live) != 3 {
		t.Fatalf("%d archived, %d live", archived, len(live))
	}
	boss := &desk.User{ID: "boss", Roles: []desk.Role{desk.RoleSupervisor}}
	got, err := svc.PeriodReport(ctx, boss, "2026-11-02..2026-11-08")
	if err != nil {
		t.Fatal(err)
	}
	want := wantWeek()
	// Archived times are kept to the second, in UTC.
	for i := range want.Low {
		want.Low[i].At = want.Low[i].At.UTC()
	}
	for i := range got.Low {
		got.Low[i].At = got.Low[i].At.UTC()
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("figures from the store\n got %+v\nwant %+v", got, want)
	}
	for _, who := range []*desk.User{{ID: "tech", Roles: []desk.Role{desk.RoleTechnician}}, {ID: "req"}} {
		if _, err := svc.PeriodReport(ctx, who, "today"); err == nil {
			t.Errorf("%s read the figures", who.ID)
		}
	}
	if _, err := svc.PeriodReport(ctx, admin, "week"); err != nil {
		t.Errorf("an admin cannot read the figures: %v", err)
	}
}

// storedDesk is a desk over the embedded store at h(204), with no working
// hours, holding tickets: the final ones archived (it returns how many).
func storedDesk(t *testing.T, tickets []*desk.Ticket) (*desk.Service, *repo.Store, int) {
	t.Helper()
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	svc.Now = func() time.Time { return h(204) }
	admin := &desk.User{ID: "root", Roles: []desk.Role{desk.RoleAdmin}}
	if _, err := svc.SetSetting(ctx, admin, "workHours", "-"); err != nil {
		t.Fatal(err)
	}
	archived := 0
	for _, tk := range tickets {
		if err := store.Create(ctx, tk); err != nil {
			t.Fatal(err)
		}
		if tk.State.Final() {
			if err := store.Archive(ctx, tk.ID); err != nil {
				t.Fatal(err)
			}
			archived++
		}
	}
	return svc, store, archived
}
