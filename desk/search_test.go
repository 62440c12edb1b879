package desk_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

func TestParseQuery(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, shanghai) }
	for _, c := range []struct {
		name, text string
		want       desk.Query
	}{
		{"number", "#1042", desk.Query{ID: "1042"}},
		{"words", "漏水 A1 Lamp", desk.Query{Words: []string{"漏水", "a1", "lamp"}}},
		{"phrase", `"light bulb" 101`, desk.Query{Words: []string{"light bulb", "101"}}},
		{"states", "pending 已完成", desk.Query{States: []desk.State{desk.Pending, desk.Completed}}},
		{"quoted-state-is-a-word", `"pending"`, desk.Query{Words: []string{"pending"}}},
		{"one-day", "2026-11-03", desk.Query{From: day(11, 3), To: day(11, 4)}},
		{"two-dates", "2026-11-05 2026-11-01", desk.Query{From: day(11, 1), To: day(11, 6)}},
		{"range", "A1 2026-11-01..2026-11-05", desk.Query{Words: []string{"a1"}, From: day(11, 1), To: day(11, 6)}},
		{"month", "2026-11 cancelled", desk.Query{States: []desk.State{desk.Cancelled}, From: day(11, 1), To: day(12, 1)}},
		{"phone", "138-0000-1111", desk.Query{Words: []string{"138-0000-1111"}}},
		{"regex-looking", ".*", desk.Query{Words: []string{".*"}}},
		{"operator-looking", `{"$gt": ""}`, desk.Query{Words: []string{"{", "$gt", ":", "}"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, err := desk.ParseQuery(c.text, shanghai)
			if err != nil || !reflect.DeepEqual(q, c.want) {
				t.Fatalf("got %+v, %v; want %+v", q, err, c.want)
			}
		})
	}
	for _, bad := range []string{"", "   ", "2026-11-01 2026-11-02 2026-11-03", "2026-10 2026-11"} {
		t.Run("bad/"+bad, func(t *testing.T) {
			if _, err := desk.ParseQuery(bad, shanghai); !errors.Is(err, desk.ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
		})
	}
}

func TestQueryMatches(t *testing.T) {
	tk := &desk.Ticket{ID: "1042", State: desk.Completed, CreatedAt: time.Date(2026, 11, 3, 9, 0, 0, 0, shanghai),
		Requester: desk.Person{ID: "alice", Name: "Alice Wong"},
		Report: desk.Report{Location: desk.Location{Zone: "A区 North", Building: "A1 教学楼", Room: "301", Address: "三楼东侧"},
			ProblemType: "电气 Electrical", Title: "灯不亮", Description: "The LAMP flickers", Contact: "138-0000-1111"},
		Claim:      &desk.Claim{By: desk.Person{ID: "li", Name: "李师傅"}},
		Completion: &desk.Completion{By: desk.Person{ID: "li", Name: "李师傅"}}}
	for _, c := range []struct {
		text string
		want bool
	}{
		{"#1042", true}, {"#1043", false},
		{"灯", true}, {"lamp FLICKERS", true}, {"lamp rattles", false},
		{"301", true}, {"东侧", true}, {"a1", true}, {"north", true}, {"electrical", true},
		{"alice", true}, {"李师傅", true}, {"Bob", false},
		{"13800001111", true}, {"138-0000-1111", true}, {"0000-1111", true},
		{"completed", true}, {"pending", false}, {"pending completed", true},
		{"2026-11-03", true}, {"2026-11-04", false}, {"2026-11-01..2026-11-03", true}, {"2026-11", true},
		{".*", false}, {`{"$gt": ""}`, false},
	} {
		t.Run(c.text, func(t *testing.T) {
			q, err := desk.ParseQuery(c.text, shanghai)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Matches(tk); got != c.want {
				t.Fatalf("matches %v, want %v", got, c.want)
			}
		})
	}
}

// searchDesk is a store with alice's and bob's tickets, live and archived.
func searchDesk(t *testing.T) (*desk.Service, map[string]*desk.User) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	svc.Now = func() time.Time { return h(300) }
	people := map[string]*desk.User{
		"alice": {ID: "alice", Name: "Alice", Registered: true},
		"bob":   {ID: "bob", Name: "Bob", Registered: true},
		"tech":  {ID: "tech", Name: "Tom", Registered: true, Roles: []desk.Role{desk.RoleTechnician}},
		"admin": {ID: "admin", Name: "Root", Registered: true, Roles: []desk.Role{desk.RoleAdmin}},
	}
	// 20 of alice's lamps (#2001–#2020), every other one closed and
	// archived; bob's tap (#2021), archived, and his odd titles.
	for i := 1; i <= 23; i++ {
		who, title, contact := people["alice"], fmt.Sprintf("Lamp %d", i), "138-0000-1111"
		switch i {
		case 21:
			who, title, contact = people["bob"], "Tap drips", "139 0000 2222"
		case 22:
			who, title = people["bob"], `{"$gt": ""}`
		case 23:
			who, title = people["bob"], "regex .* here"
		}
		id := fmt.Sprint(2000 + i)
		tk := &desk.Ticket{ID: id, Number: int64(2000 + i), State: desk.Pending, Requester: desk.Person{ID: who.ID, Name: who.Name},
			CreatedAt: h(float64(i)), UpdatedAt: h(float64(i)),
			Report: desk.Report{Location: desk.Location{Zone: "A", Building: "A1 教学楼", Room: "101"}, ProblemType: "elec",
				Title: title, Description: "it broke", Contact: contact}}
		if i%2 == 1 {
			tk.State, tk.Cancel = desk.Cancelled, &desk.Cancellation{By: tk.Requester, At: h(float64(i) + 0.5)}
		}
		if err := store.Create(ctx, tk); err != nil {
			t.Fatal(err)
		}
		if tk.State.Final() {
			if err := store.Archive(ctx, tk.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return svc, people
}

// foundIDs lists a page's tickets by ID.
func foundIDs(f desk.Found) []string {
	var out []string
	for _, t := range f.Tickets {
		out = append(out, t.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	svc, people := searchDesk(t)
	ctx := t.Context()
	lamps := func(ns ...int) []string {
		var out []string
		for _, n := range ns {
			out = append(out, fmt.Sprint(2000+n))
		}
		return out
	}
	for _, c := range []struct {
		name, who, text string
		page            int
		want            []string
		more            bool
	}{
		// Live first, newest first; then the archive, closed last first.
		{"paged/1", "tech", "lamp", 0, lamps(20, 18, 16, 14, 12, 10, 8, 6), true},
		{"paged/2", "tech", "lamp", 1, lamps(4, 2, 19, 17, 15, 13, 11, 9), true},
		{"paged/3", "tech", "lamp", 2, lamps(7, 5, 3, 1), false},
		{"paged/past-the-end", "tech", "lamp", 3, nil, false},
		{"archived-word", "tech", "tap", 0, lamps(21), false},
		{"number-archived", "tech", "#2021", 0, lamps(21), false},
		{"number-live", "admin", "#2020", 0, lamps(20), false},
		{"person", "tech", "bob", 0, lamps(22, 23, 21), false},
		{"phone-digits", "tech", "13900002222", 0, lamps(21), false},
		{"building-and-state", "tech", "教学楼 cancelled 2026-11-02", 0, lamps(23, 21, 19, 17, 15, 13, 11, 9), true},
		{"dates", "tech", "2026-11-02 03:00", 0, nil, false},
		{"date-range", "tech", "2026-11-01..2026-11-02 tap", 0, lamps(21), false},
		{"date-range-before", "tech", "2026-10-01..2026-11-01 lamp", 0, nil, false},
		{"day-after", "tech", "2026-11-03 lamp", 0, nil, false},
		{"operator-looking", "tech", `{"$gt": ""}`, 0, lamps(22), false},
		{"regex-looking", "tech", ".*", 0, lamps(23), false},
		{"admin-searches-all", "admin", "tap", 0, lamps(21), false},
		// A requester finds only their own tickets.
		{"own/words", "alice", "lamp 2", 0, lamps(20, 12, 2), false},
		{"own/not-others", "alice", "tap", 0, nil, false},
		{"own/not-others-by-number", "alice", "#2021", 0, nil, false},
		{"own/others-own", "bob", "lamp", 0, nil, false},
		{"own/by-number", "bob", "#2021", 0, lamps(21), false},
		{"own/everything-mine", "bob", "it broke", 0, lamps(23, 22, 21), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := svc.Search(ctx, people[c.who], c.text, c.page)
			if err != nil {
				t.Fatal(err)
			}
			if got := foundIDs(f); !slices.Equal(got, c.want) || f.More != c.more {
				t.Fatalf("found %v (more %v), want %v (more %v)", got, f.More, c.want, c.more)
			}
		})
	}
	if _, err := svc.Search(ctx, people["tech"], "  ", 0); !errors.Is(err, desk.ErrInvalid) {
		t.Fatalf("empty search: %v", err)
	}
	// What a search shows, an admin may open.
	if _, err := svc.Ticket(ctx, people["admin"], "2021"); err != nil {
		t.Fatalf("admin opens a found ticket: %v", err)
	}
	if _, err := svc.Ticket(ctx, people["alice"], "2021"); !errors.Is(err, desk.ErrForbidden) {
		t.Fatalf("alice opens bob's ticket: %v", err)
	}
}
