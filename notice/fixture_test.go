package notice_test

import (
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// fixture is a desk over a fresh embedded store, with its catalogue.
type fixture struct {
	t     *testing.T
	store *repo.Store
	svc   *desk.Service
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	store := repotest.Open(t)
	if _, err := store.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, store: store, svc: desk.NewService(store, store, store, store)}
}

// person registers account with roles.
func (f *fixture) person(account string, roles ...desk.Role) *desk.User {
	f.t.Helper()
	ctx := f.t.Context()
	u, err := f.svc.Account(ctx, account, "en")
	if err == nil {
		u, err = f.svc.Register(ctx, u, desk.Profile{Name: account, Phone: "13800000000", Department: "x"})
	}
	if err == nil && len(roles) > 0 {
		u, err = f.svc.GrantBootstrap(ctx, u.ID, roles...)
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

// report files a report by u in the catalogue's first building.
func (f *fixture) report(u *desk.User, title string) *desk.Ticket {
	f.t.Helper()
	cat, err := f.svc.Catalog(f.t.Context())
	if err != nil {
		f.t.Fatal(err)
	}
	tk, err := f.svc.Report(f.t.Context(), u, desk.Report{
		Location:    desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: title, Description: "Broken.", Contact: "13800000000"})
	if err != nil {
		f.t.Fatal(err)
	}
	return tk
}
