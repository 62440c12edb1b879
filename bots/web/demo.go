package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/repairdesk/repairdesk/desk"
)

// Directory finds the person behind an account; desk.Service is one.
type Directory interface {
	// Known returns the person without creating anyone; desk.ErrNotFound
	// if the account is new to the desk.
	Known(ctx context.Context, account string) (*desk.User, error)
}

// Option changes how New makes a chat.
type Option func(*Chat)

// DemoOnly makes the chat act only as demo people: people all of whose
// accounts are the web chat's. It is for a chat beside a real chat
// platform, where a demo account linked to a real person (by /link,
// either way round) would let anyone at the page act as that person, with
// their roles, and read their notices. Such a person's inputs are
// refused, and notices to them are undeliverable here.
func DemoOnly(d Directory) Option { return func(c *Chat) { c.directory = d } }

// errNotDemo is the refusal of someone who is not a demo person.
var errNotDemo = errors.New("linked to an account on another platform: the web chat acts only as demo people")

// demo returns errNotDemo if the chat may not act as p, nil if it may, or
// the error of the look-up.
func (c *Chat) demo(ctx context.Context, p Person) error {
	if c.directory == nil {
		return nil
	}
	u, err := c.directory.Known(ctx, p.Account())
	if errors.Is(err, desk.ErrNotFound) {
		// First contact: the dialogue creates a person of the web chat only.
		return nil
	}
	if err != nil {
		return fmt.Errorf("who is %s: %w", p.Account(), err)
	}
	for _, a := range u.Accounts {
		if desk.Platform(a) != platform {
			return errNotDemo
		}
	}
	return nil
}

// refuseNonDemo answers the request itself and returns false if the chat
// may not act as p.
func (c *Chat) refuseNonDemo(w http.ResponseWriter, r *http.Request, p Person) bool {
	err := c.demo(r.Context(), p)
	switch {
	case errors.Is(err, errNotDemo):
		c.log.Warn("web chat: refused to act as a person linked to another platform", "person", p.Key)
		http.Error(w, p.Key+" is "+errNotDemo.Error(), http.StatusForbidden)
		return true
	case err != nil:
		c.log.Error("web chat: person not checked", "person", p.Key, "err", err)
		http.Error(w, "not available", http.StatusServiceUnavailable)
		return true
	}
	return false
}

// Demote takes every role from the people of the list found in the
// store, and returns the keys of those who held any. It creates no one.
// It is Seed's undoing, for a desk that does not run the demo: its demo
// people keep their tickets and profiles, and lose what let them act as
// staff.
func Demote(ctx context.Context, svc *desk.Service, people []Person) ([]string, error) {
	var demoted []string
	for _, p := range people {
		u, err := svc.Known(ctx, p.Account())
		if errors.Is(err, desk.ErrNotFound) {
			continue
		}
		if err != nil {
			return demoted, fmt.Errorf("demo person %s: %w", p.Key, err)
		}
		if len(u.Roles) == 0 {
			continue
		}
		if _, err := svc.RevokeBootstrap(ctx, u.ID, desk.Roles...); err != nil {
			return demoted, fmt.Errorf("roles of demo person %s: %w", p.Key, err)
		}
		demoted = append(demoted, p.Key)
	}
	return demoted, nil
}
