package desk_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// deskOn is a Service on a fresh, seeded embedded store, with a report
// anyone may file. Its clock moves a second at every reading, so that no
// two things happen at the same instant.
func deskOn(t *testing.T) (*desk.Service, *repo.Store, desk.Report) {
	t.Helper()
	store := repotest.Open(t)
	if _, err := store.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	svc.Now = func() time.Time { now = now.Add(time.Second); return now }
	cat, _ := store.Catalog(t.Context())
	report := desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Leak", Description: "Drips", Contact: "13800000000"}
	return svc, store, report
}

// person registers the person behind a test account, with roles.
func person(t *testing.T, svc *desk.Service, account string, p desk.Profile, roles ...desk.Role) *desk.User {
	t.Helper()
	ctx := t.Context()
	u, err := svc.Account(ctx, "test:"+account, "en")
	if err == nil && p.Name != "" {
		u, err = svc.Register(ctx, u, p)
	}
	if err == nil && len(roles) > 0 {
		u, err = svc.GrantBootstrap(ctx, u.ID, roles...)
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func ids(ts []*desk.Ticket) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.ID)
	}
	slices.Sort(out)
	return out
}

// Linking folds the other account's person into the one who asked for the
// code: their live and archived tickets, their live jobs and their roles
// follow, the asker's profile and language win, and whatever still names
// the other person (a notice, the account) reaches the merged one.
func TestLinkMergesTheOtherPerson(t *testing.T) {
	svc, store, report := deskOn(t)
	ctx := t.Context()
	amy := person(t, svc, "amy", desk.Profile{Name: "Amy", Phone: "13800001111", Department: "Library"})
	bob := person(t, svc, "bob", desk.Profile{Name: "Bob", Phone: "13900002222", Department: "Works"}, desk.RoleTechnician)
	cat := person(t, svc, "cat", desk.Profile{Name: "Cat", Phone: "13700003333", Department: "Labs"})
	if _, err := svc.SetLang(ctx, bob, "zh"); err != nil {
		t.Fatal(err)
	}

	own, err := svc.Report(ctx, amy, report)
	must(t, err)
	live, err := svc.Report(ctx, bob, report)
	must(t, err)
	done, err := svc.Report(ctx, bob, report)
	must(t, err)
	_, err = svc.Cancel(ctx, bob, done.ID, "fixed itself")
	must(t, err)
	archive(t, svc, store, done.ID)
	job, err := svc.Report(ctx, cat, report)
	must(t, err)
	_, err = svc.Claim(ctx, bob, job.ID)
	must(t, err)

	code, err := svc.LinkCode(ctx, amy)
	must(t, err)
	bob, err = svc.Known(ctx, "test:bob")
	must(t, err)
	merged, err := svc.Link(ctx, bob, "test:bob", code)
	must(t, err)

	t.Run("person", func(t *testing.T) {
		if merged.ID != amy.ID || merged.Name != "Amy" || merged.Department != "Library" || merged.Lang != "en" {
			t.Errorf("merged person %+v, want Amy's ID, profile and language", merged)
		}
		if !merged.Is(desk.RoleTechnician) {
			t.Errorf("roles %v: Bob's technician role was lost", merged.Roles)
		}
		if len(merged.Reports) != 3 {
			t.Errorf("report history %v, want Amy's one and Bob's two reports", merged.Reports)
		}
		for _, acc := range []string{"test:amy", "test:bob"} {
			u, err := svc.Known(ctx, acc)
			if err != nil || u.ID != amy.ID {
				t.Errorf("%s reaches %v (%v), want Amy", acc, u, err)
			}
		}
		if u, err := svc.Recipient(ctx, bob.ID); err != nil || u.ID != amy.ID {
			t.Errorf("a notice for Bob goes to %v (%v), want Amy", u, err)
		}
		if staff, _ := store.Staff(ctx); slices.ContainsFunc(staff, func(u *desk.User) bool { return u.ID == bob.ID }) {
			t.Error("Bob's old record still holds a role")
		}
	})
	t.Run("tickets", func(t *testing.T) {
		mine, err := svc.Mine(ctx, merged, "", 20)
		must(t, err)
		if got, want := ids(mine), ids([]*desk.Ticket{own, live, done}); !slices.Equal(got, want) {
			t.Errorf("Amy's tickets %v, want %v (her own, Bob's live and archived)", got, want)
		}
		for _, id := range []string{live.ID, done.ID} {
			if _, err := svc.Ticket(ctx, merged, id); err != nil {
				t.Errorf("Amy may not open #%s: %v", id, err)
			}
		}
		jobs, err := svc.Jobs(ctx, merged)
		must(t, err)
		if got := ids(jobs); !slices.Equal(got, []string{job.ID}) {
			t.Errorf("Amy's jobs %v, want Bob's #%s", got, job.ID)
		}
		if _, err := svc.Complete(ctx, merged, job.ID, "维修 Repair", "done", nil); err != nil {
			t.Errorf("Amy cannot complete the job Bob held: %v", err)
		}
		if got, _ := svc.Ticket(ctx, merged, live.ID); got.Requester.Name != "Bob" {
			t.Errorf("requester named %q, want the name Bob reported with", got.Requester.Name)
		}
	})
}

// The merge rule itself: the asker's profile wins, an empty field is
// filled from the other, roles and report history are united.
func TestMergeRule(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC) }
	into := &desk.User{ID: "a", Name: "Amy", Department: "", Lang: "en", Registered: true,
		Roles: []desk.Role{desk.RoleAdmin}, Accounts: []string{"test:a"}, Reports: []time.Time{at(1), at(2)}}
	from := &desk.User{ID: "b", Name: "Bob", Phone: "139", Department: "Works", Lang: "zh", Registered: true,
		Roles: []desk.Role{desk.RoleTechnician, desk.RoleAdmin}, Accounts: []string{"test:b"}, Reports: []time.Time{at(2), at(3)}}
	desk.Merge(into, from)
	if into.ID != "a" || into.Name != "Amy" || into.Phone != "139" || into.Department != "Works" || into.Lang != "en" {
		t.Errorf("profile %+v", into)
	}
	if !slices.Equal(into.Roles, []desk.Role{desk.RoleAdmin, desk.RoleTechnician}) {
		t.Errorf("roles %v", into.Roles)
	}
	if !slices.Equal(into.Accounts, []string{"test:a", "test:b"}) {
		t.Errorf("accounts %v", into.Accounts)
	}
	if !slices.EqualFunc(into.Reports, []time.Time{at(1), at(2), at(3)}, time.Time.Equal) {
		t.Errorf("reports %v", into.Reports)
	}
}

// Unlinking gives the account a fresh, unregistered person; the merged
// person keeps the tickets and roles, and cannot lose their last account.
func TestUnlink(t *testing.T) {
	svc, _, report := deskOn(t)
	ctx := t.Context()
	amy := person(t, svc, "amy", desk.Profile{Name: "Amy", Phone: "13800001111", Department: "Library"})
	bob := person(t, svc, "bob", desk.Profile{Name: "Bob", Phone: "13900002222", Department: "Works"}, desk.RoleTechnician)
	tk, err := svc.Report(ctx, bob, report)
	must(t, err)
	code, err := svc.LinkCode(ctx, amy)
	must(t, err)
	amy, err = svc.Link(ctx, bob, "test:bob", code)
	must(t, err)

	t.Run("not-theirs", func(t *testing.T) {
		if _, err := svc.Unlink(ctx, amy, "test:nobody"); !errors.Is(err, desk.ErrNotFound) {
			t.Errorf("got %v, want not found", err)
		}
	})
	t.Run("one", func(t *testing.T) {
		u, err := svc.Unlink(ctx, amy, "test:bob")
		must(t, err)
		if !slices.Equal(u.Accounts, []string{"test:amy"}) || !u.Is(desk.RoleTechnician) {
			t.Errorf("Amy after unlinking: %+v", u)
		}
		fresh, err := svc.Account(ctx, "test:bob", "en")
		must(t, err)
		if fresh.ID == amy.ID || fresh.ID == bob.ID || fresh.Registered || len(fresh.Roles) > 0 {
			t.Errorf("the unlinked account reaches %+v, want a fresh unregistered person", fresh)
		}
		if mine, _ := svc.Mine(ctx, fresh, "", 20); len(mine) > 0 {
			t.Errorf("the fresh person has tickets %v", ids(mine))
		}
		if mine, _ := svc.Mine(ctx, u, "", 20); !slices.Equal(ids(mine), []string{tk.ID}) {
			t.Errorf("Amy's tickets %v, want #%s", ids(mine), tk.ID)
		}
		amy = u
	})
	t.Run("last", func(t *testing.T) {
		if _, err := svc.Unlink(ctx, amy, "test:amy"); !errors.Is(err, desk.ErrInvalid) {
			t.Errorf("got %v, want the last account refused", err)
		}
	})
}

// An unlink cut short after the person's list changed, before the
// account's pointer did, is finished when the account next writes.
func TestAccountFinishesAnUnlink(t *testing.T) {
	svc, store, _ := deskOn(t)
	ctx := t.Context()
	amy := person(t, svc, "amy", desk.Profile{Name: "Amy", Phone: "13800001111", Department: "Library"})
	must(t, store.Link(ctx, amy.ID, "test:amy2"))
	amy, _ = store.User(ctx, amy.ID)
	amy.Accounts = []string{"test:amy"}
	must(t, store.UpdateUser(ctx, amy, amy.Version))
	u, err := svc.Account(ctx, "test:amy2", "en")
	must(t, err)
	if u.ID == amy.ID || !slices.Equal(u.Accounts, []string{"test:amy2"}) {
		t.Errorf("test:amy2 reaches %+v, want a person of its own", u)
	}
}

// archive moves a final ticket to the history, as the scheduler does
// once its notices are delivered.
func archive(t *testing.T, svc *desk.Service, store *repo.Store, id string) {
	t.Helper()
	tk, err := store.Get(t.Context(), id)
	must(t, err)
	for seq := tk.Sent; seq < len(tk.Outbox); seq++ {
		must(t, svc.MarkDelivered(t.Context(), id, seq))
	}
	must(t, svc.Archive(t.Context(), id))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
