package desk_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// An admin finds people by part of their name, phone or department, staff
// first, a page at a time; nobody else may search.
func TestPeopleSearch(t *testing.T) {
	svc, _, _ := deskOn(t)
	ctx := t.Context()
	root := person(t, svc, "root", desk.Profile{Name: "Root", Phone: "13600000000", Department: "IT"}, desk.RoleAdmin)
	for i := range 10 {
		person(t, svc, fmt.Sprint("s", i), desk.Profile{Name: fmt.Sprintf("Student %02d", i), Phone: fmt.Sprint("1380000", 1000+i), Department: "Library"})
	}
	person(t, svc, "tom", desk.Profile{Name: "Zed Tom", Phone: "13900002222", Department: "Library works"}, desk.RoleTechnician)
	person(t, svc, "new", desk.Profile{}) // not registered: never listed

	names := func(us []*desk.User) []string {
		var out []string
		for _, u := range us {
			out = append(out, u.Name)
		}
		return out
	}
	for _, tc := range []struct {
		name, text string
		page       int
		want       []string
		more       bool
	}{
		{"nothing-typed-lists-staff", "", 0, []string{"Root", "Zed Tom"}, false},
		{"department-staff-first", "library", 0, []string{"Zed Tom", "Student 00", "Student 01", "Student 02", "Student 03", "Student 04", "Student 05", "Student 06"}, true},
		{"second-page", "LIBRARY", 1, []string{"Student 07", "Student 08", "Student 09"}, false},
		{"phone", "1009", 0, []string{"Student 09"}, false},
		{"name", "tom", 0, []string{"Zed Tom"}, false},
		{"pattern-is-literal", "Stud.*", 0, nil, false},
		{"none", "nobody", 0, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, more, err := svc.People(ctx, root, tc.text, tc.page)
			must(t, err)
			if !slices.Equal(names(got), tc.want) || more != tc.more {
				t.Errorf("got %v (more %v), want %v (more %v)", names(got), more, tc.want, tc.more)
			}
		})
	}
	t.Run("not-admin", func(t *testing.T) {
		tom, _ := svc.Known(ctx, "test:tom")
		if _, _, err := svc.People(ctx, tom, "", 0); !errors.Is(err, desk.ErrForbidden) {
			t.Errorf("got %v, want forbidden", err)
		}
	})
}

// Renaming an entry keeps its place in the catalogue; tickets keep the
// name they were reported with, and a pending one can still be edited.
func TestRenameCatalog(t *testing.T) {
	svc, store, report := deskOn(t)
	ctx := t.Context()
	root := person(t, svc, "root", desk.Profile{Name: "Root", Phone: "13600000000", Department: "IT"}, desk.RoleAdmin)
	amy := person(t, svc, "amy", desk.Profile{Name: "Amy", Phone: "13800001111", Department: "Library"})
	tk, err := svc.Report(ctx, amy, report)
	must(t, err)
	before, _ := store.Catalog(ctx)
	zone, building, problem := before.Zones[0].Name, before.Zones[0].Buildings[0], before.ProblemTypes[0]

	for _, tc := range []struct {
		name           string
		list           desk.CatalogList
		zone, from, to string
		check          func(desk.Catalog) bool
	}{
		{"zone", desk.ListZones, "", zone, "A区 Nord", func(c desk.Catalog) bool {
			return c.Zones[0].Name == "A区 Nord" && slices.Equal(c.Zones[0].Buildings, before.Zones[0].Buildings)
		}},
		{"building", desk.ListBuildings, "A区 Nord", building, "A1 新教学楼 Teaching", func(c desk.Catalog) bool {
			return c.Zones[0].Buildings[0] == "A1 新教学楼 Teaching"
		}},
		{"problem", desk.ListProblemTypes, "", problem, "电 Power", func(c desk.Catalog) bool { return c.ProblemTypes[0] == "电 Power" }},
		{"repair", desk.ListRepairTypes, "", before.RepairTypes[1], "修理 Repair", func(c desk.Catalog) bool { return c.RepairTypes[1] == "修理 Repair" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := svc.RenameCatalog(ctx, root, tc.list, tc.zone, tc.from, tc.to)
			must(t, err)
			if stored, _ := store.Catalog(ctx); !tc.check(c) || !tc.check(stored) {
				t.Errorf("catalogue after renaming %q to %q: %+v", tc.from, tc.to, stored)
			}
		})
	}
	t.Run("refused", func(t *testing.T) {
		if _, err := svc.RenameCatalog(ctx, amy, desk.ListProblemTypes, "", "电 Power", "x"); !errors.Is(err, desk.ErrForbidden) {
			t.Errorf("a requester renamed: %v", err)
		}
		c, _ := store.Catalog(ctx)
		if _, err := svc.RenameCatalog(ctx, root, desk.ListProblemTypes, "", "电 Power", c.ProblemTypes[1]); !errors.Is(err, desk.ErrConflict) {
			t.Errorf("renamed onto an existing entry: %v", err)
		}
		if _, err := svc.RenameCatalog(ctx, root, desk.ListProblemTypes, "", "nothing", "x"); !errors.Is(err, desk.ErrNotFound) {
			t.Errorf("renamed a missing entry: %v", err)
		}
	})
	t.Run("tickets-keep-their-names", func(t *testing.T) {
		got, err := svc.Ticket(ctx, amy, tk.ID)
		must(t, err)
		if got.Location.Zone != zone || got.Location.Building != building || got.ProblemType != problem {
			t.Errorf("ticket now at %v / %v, want the names it was reported with", got.Location, got.ProblemType)
		}
		r := got.Report
		r.Title = "Leak, worse"
		r.Window = desk.Window{}
		if _, err := svc.Edit(ctx, amy, tk.ID, r); err != nil {
			t.Errorf("editing a ticket with the old names: %v", err)
		}
	})
}

// An admin edits an article in place; one deleted meanwhile is not
// brought back.
func TestEditArticle(t *testing.T) {
	svc, _, _ := deskOn(t)
	ctx := t.Context()
	root := person(t, svc, "root", desk.Profile{Name: "Root", Phone: "13600000000", Department: "IT"}, desk.RoleAdmin)
	as, err := svc.Articles(ctx)
	must(t, err)
	a := as[0]
	a.Title, a.Keywords = "New title", []string{"new"}
	_, err = svc.EditArticle(ctx, root, a)
	must(t, err)
	after, _ := svc.Articles(ctx)
	if len(after) != len(as) || !slices.ContainsFunc(after, func(x desk.Article) bool {
		return x.ID == a.ID && x.Title == "New title" && x.Body == as[0].Body && slices.Equal(x.Keywords, []string{"new"})
	}) {
		t.Errorf("articles after the edit: %+v", after)
	}
	must(t, svc.DeleteArticle(ctx, root, a.ID))
	if _, err := svc.EditArticle(ctx, root, a); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("edited a deleted article: %v", err)
	}
	if _, err := svc.EditArticle(ctx, &desk.User{}, as[1]); !errors.Is(err, desk.ErrForbidden) {
		t.Errorf("a requester edited an article: %v", err)
	}
}

// The week's working days are a setting, and the timers follow it.
func TestWorkDaysSetting(t *testing.T) {
	svc, _, _ := deskOn(t)
	ctx := t.Context()
	root := &desk.User{Roles: []desk.Role{desk.RoleAdmin}}
	for _, tc := range []struct {
		name, value string
		want        []int
	}{
		{"range", "1-6", []int{1, 2, 3, 4, 5, 6}},
		{"list", "1, 3,5", []int{1, 3, 5}},
		{"mixed-and-repeated", "6-7 1 7", []int{1, 6, 7}},
		{"empty", "", nil},
		{"zero", "0-5", nil},
		{"eight", "8", nil},
		{"backwards", "5-1", nil},
		{"words", "mon-fri", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := svc.SetSetting(ctx, root, "workDays", tc.value)
			if tc.want == nil {
				if !errors.Is(err, desk.ErrInvalid) {
					t.Errorf("got %v, want refused", err)
				}
				return
			}
			must(t, err)
			if !slices.Equal(st.WorkDays, tc.want) {
				t.Errorf("work days %v, want %v", st.WorkDays, tc.want)
			}
		})
	}
	st, err := svc.SetSetting(ctx, root, "workHours", "08:00-18:00")
	must(t, err)
	st.WorkDays = []int{1, 2, 3, 4, 5, 6}
	sat := time.Date(2026, 11, 28, 8, 0, 0, 0, st.Location())
	if got := desk.WorkingTime(st, sat, sat.Add(10*time.Hour)); got != 10*time.Hour {
		t.Errorf("a Saturday made a working day counts %v, want 10h", got)
	}
}
