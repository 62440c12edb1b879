package desk

import (
	"context"
	"crypto/rand"
	"errors"
	"math/big"
	"slices"
	"strings"
	"time"
)

// LinkCodeTTL is how long a code for linking another platform is valid.
const LinkCodeTTL = 10 * time.Minute

// LinkCode gives a registered person a one-time code to send from another
// platform, so that their Telegram account and Slack member are one
// person: the same tickets, roles and language everywhere.
func (s *Service) LinkCode(ctx context.Context, actor *User) (string, error) {
	if !actor.Registered {
		return "", errorf(ErrForbidden, "err.forbidden")
	}
	n, err := rand.Int(rand.Reader, big.NewInt(900000))
	if err != nil {
		return "", err
	}
	code := strings.TrimSpace(big.NewInt(0).Add(n, big.NewInt(100000)).String())
	return code, s.users.PutLinkCode(ctx, code, actor.ID, s.Now().Add(LinkCodeTTL))
}

// Link joins the account actor is writing from to the person who asked
// for code. The account's own record, made at first contact, is left
// behind without it; what it holds (a draft profile, tickets reported
// before linking) stays with that record.
func (s *Service) Link(ctx context.Context, actor *User, account, code string) (*User, error) {
	code = strings.TrimSpace(code)
	target, err := s.users.TakeLinkCode(ctx, code, s.Now())
	if errors.Is(err, ErrNotFound) {
		return nil, errorf(ErrInvalid, "err.bad_link_code")
	}
	if err != nil {
		return nil, err
	}
	if target == actor.ID {
		return actor, nil
	}
	if err := s.users.MoveAccount(ctx, account, target); err != nil {
		return nil, err
	}
	if _, err := s.updateUser(ctx, actor.ID, func(u *User) error {
		u.Accounts = slices.DeleteFunc(u.Accounts, func(a string) bool { return a == account })
		if u.Home == account {
			u.Home = ""
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return s.updateUser(ctx, target, func(u *User) error {
		if !slices.Contains(u.Accounts, account) {
			u.Accounts = append(u.Accounts, account)
		}
		u.Home = account
		return nil
	})
}
