package desk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
)

// Profile is what a person tells the desk about themselves.
type Profile struct {
	Name       string
	Phone      string
	Department string
}

// CleanProfile checks a profile's fields.
func CleanProfile(p Profile) (Profile, error) {
	var err error
	if p.Name, err = CleanText(p.Name, MaxName, true); err != nil {
		return p, err
	}
	if p.Phone, err = CleanPhone(p.Phone); err != nil {
		return p, err
	}
	if p.Department, err = CleanText(p.Department, MaxShort, true); err != nil {
		return p, err
	}
	return p, nil
}

// Account returns the user behind a platform account, creating an
// unregistered one on first contact so that the dialogue has someone to
// talk to. lang is the platform's locale guess ("zh" or "en").
func (s *Service) Account(ctx context.Context, account, lang string) (*User, error) {
	u, err := s.users.ByAccount(ctx, account)
	switch {
	case err == nil && u.MergedInto != "":
		// Linked, and the account's pointer not yet moved (Link).
		return s.users.User(ctx, u.MergedInto)
	case err == nil && !slices.Contains(u.Accounts, account):
		// Unlinked, and the work not finished (Unlink): finish it.
		if err := s.detach(ctx, account, u.ID); err != nil {
			return nil, err
		}
		return s.users.ByAccount(ctx, account)
	case err == nil || !errors.Is(err, ErrNotFound):
		return u, err
	}
	u = &User{ID: newID(), Lang: lang, Accounts: []string{account}, Home: account, CreatedAt: s.Now(), Version: 1}
	err = s.users.CreateUser(ctx, u)
	if errors.Is(err, ErrConflict) {
		// Two first messages at once: the other one created the user.
		return s.users.ByAccount(ctx, account)
	}
	return u, err
}

// updateUser applies f to the stored user and writes it back conditionally.
func (s *Service) updateUser(ctx context.Context, id string, f func(*User) error) (*User, error) {
	for range updateRetries {
		u, err := s.users.User(ctx, id)
		if err != nil {
			return nil, err
		}
		prev := u.Version
		if err := f(u); err != nil {
			return nil, err
		}
		u.Version++
		err = s.users.UpdateUser(ctx, u, prev)
		if errors.Is(err, ErrConflict) {
			continue
		}
		return u, err
	}
	return nil, errorf(ErrConflict, "err.busy")
}

// Register records a person's profile; it also updates a profile later.
func (s *Service) Register(ctx context.Context, actor *User, p Profile) (*User, error) {
	p, err := CleanProfile(p)
	if err != nil {
		return nil, err
	}
	return s.updateUser(ctx, actor.ID, func(u *User) error {
		u.Name, u.Phone, u.Department, u.Registered = p.Name, p.Phone, p.Department, true
		return nil
	})
}

// SetLang changes the person's language.
func (s *Service) SetLang(ctx context.Context, actor *User, lang string) (*User, error) {
	if lang != "zh" && lang != "en" {
		return nil, errorf(ErrInvalid, "err.bad_lang")
	}
	return s.updateUser(ctx, actor.ID, func(u *User) error { u.Lang = lang; return nil })
}

// SetHome records the account a person last used, where private notices go.
func (s *Service) SetHome(ctx context.Context, actor *User, account string) (*User, error) {
	if actor.Home == account || !slices.Contains(actor.Accounts, account) {
		return actor, nil
	}
	return s.updateUser(ctx, actor.ID, func(u *User) error { u.Home = account; return nil })
}

// Grant gives role r to a user; only admins may. The first admin comes
// from configuration (see GrantBootstrap).
func (s *Service) Grant(ctx context.Context, actor *User, userID string, r Role, on bool) (*User, error) {
	if !actor.Is(RoleAdmin) {
		return nil, errorf(ErrForbidden, "err.forbidden")
	}
	if r == RoleRequester {
		return nil, errorf(ErrInvalid, "err.bad_role")
	}
	if !on && r == RoleAdmin && actor.ID == userID {
		// An admin removing their own admin role could leave the desk
		// with nobody to run it.
		return nil, errorf(ErrInvalid, "err.self_revoke")
	}
	return s.updateUser(ctx, userID, func(u *User) error {
		u.Roles = slices.DeleteFunc(u.Roles, func(x Role) bool { return x == r })
		if on {
			u.Roles = append(u.Roles, r)
			slices.Sort(u.Roles)
		}
		return nil
	})
}

// GrantBootstrap gives roles to the user behind an account without an
// admin's say: for the operator's configuration and the demo people.
func (s *Service) GrantBootstrap(ctx context.Context, userID string, roles ...Role) (*User, error) {
	return s.updateUser(ctx, userID, func(u *User) error {
		for _, r := range roles {
			if !slices.Contains(u.Roles, r) {
				u.Roles = append(u.Roles, r)
			}
		}
		slices.Sort(u.Roles)
		return nil
	})
}

// RevokeBootstrap takes roles from a user without an admin's say: for the
// desk's own start, which takes the demo people's roles away on a desk
// that does not run the demo. A user who holds none of the roles is left
// unwritten.
func (s *Service) RevokeBootstrap(ctx context.Context, userID string, roles ...Role) (*User, error) {
	u, err := s.users.User(ctx, userID)
	if err != nil || !slices.ContainsFunc(u.Roles, func(r Role) bool { return slices.Contains(roles, r) }) {
		return u, err
	}
	return s.updateUser(ctx, userID, func(u *User) error {
		u.Roles = slices.DeleteFunc(u.Roles, func(r Role) bool { return slices.Contains(roles, r) })
		return nil
	})
}

// Staff lists the people with roles, for admins and for assigning.
func (s *Service) Staff(ctx context.Context, actor *User) ([]*User, error) {
	if !actor.Is(RoleSupervisor) && !actor.Is(RoleAdmin) {
		return nil, errorf(ErrForbidden, "err.forbidden")
	}
	return s.users.Staff(ctx)
}

// current follows a person merged into another (Link) to the one who
// holds their accounts and tickets now.
func (s *Service) current(ctx context.Context, id string) (string, error) {
	for range 8 { // a chain of links, each merging into the next; never long
		u, err := s.users.User(ctx, id)
		if err != nil || u.MergedInto == "" {
			return id, err
		}
		id = u.MergedInto
	}
	return id, nil
}

func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
