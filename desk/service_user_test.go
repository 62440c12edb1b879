package desk_test

import (
	"slices"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// RevokeBootstrap takes roles away without an admin's say, as the desk
// does at start to people who must not keep them; roles not named, and
// roles not held, are left as they are.
func TestRevokeBootstrap(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	svc := desk.NewService(store, store, store, store)
	u, err := svc.Account(ctx, "test:alex", "en")
	if err != nil {
		t.Fatal(err)
	}
	if u, err = svc.GrantBootstrap(ctx, u.ID, desk.RoleAdmin, desk.RoleTechnician); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		revoke []desk.Role
		want   []desk.Role
	}{
		{"one-of-two", []desk.Role{desk.RoleAdmin}, []desk.Role{desk.RoleTechnician}},
		{"not-held", []desk.Role{desk.RoleSupervisor, desk.RoleAdmin}, []desk.Role{desk.RoleTechnician}},
		{"the-last", desk.Roles, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := svc.RevokeBootstrap(ctx, u.ID, tc.revoke...)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := svc.Known(ctx, "test:alex")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Roles, tc.want) || !slices.Equal(stored.Roles, tc.want) {
				t.Errorf("roles %v, stored %v, want %v", got.Roles, stored.Roles, tc.want)
			}
		})
	}
	if stored, _ := svc.Known(ctx, "test:alex"); stored.Is(desk.RoleAdmin) {
		t.Error("still an admin")
	}
}
