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
// for code, by merging actor (the person that account reached until now,
// with every account, ticket and role they have) into the person who
// asked. See Merge for what is kept when the two disagree. Uniting the
// two is safe because both accounts are shown to be one person's: the
// code was given to one of them and is sent from the other.
//
// The steps are ordered so that an interrupted link can be repeated, by
// the same input or with a new code, and so that at every moment each account reaches a person
// whose Accounts list it: first the asker takes the roles, profile and
// accounts, then the tickets and the queues' lists move, then the other person is marked as
// merged (from then on notices and messages for them reach the asker),
// and last the accounts' pointers move.
func (s *Service) Link(ctx context.Context, actor *User, account, code string) (*User, error) {
	code = strings.TrimSpace(code)
	// The input that takes the code may take it again: handed over again
	// after a crash part-way, it finishes the link (every step below can
	// be repeated) rather than being told the code is spent.
	target, err := s.users.TakeLinkCode(ctx, code, inputMark(ctx, "link"), s.Now())
	if errors.Is(err, ErrNotFound) {
		return nil, errorf(ErrInvalid, "err.bad_link_code")
	}
	if err != nil {
		return nil, err
	}
	if target, err = s.current(ctx, target); err != nil {
		return nil, err
	}
	if target == actor.ID {
		return actor, nil
	}
	other, err := s.users.User(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	merged, err := s.updateUser(ctx, target, func(u *User) error {
		Merge(u, other)
		u.Home = account
		return nil
	})
	if err != nil {
		return nil, err
	}
	into := Person{ID: merged.ID, Name: merged.Name}
	if err := s.moveTickets(ctx, other.ID, into); err != nil {
		return nil, err
	}
	if err := s.moveQueueMembers(ctx, other.ID, merged.ID); err != nil {
		return nil, err
	}
	if _, err := s.updateUser(ctx, other.ID, func(u *User) error {
		*u = User{ID: u.ID, Lang: u.Lang, CreatedAt: u.CreatedAt, MergedInto: merged.ID, Version: u.Version}
		return nil
	}); err != nil {
		return nil, err
	}
	for _, acc := range other.Accounts {
		if err := s.users.MoveAccount(ctx, acc, merged.ID); err != nil {
			return nil, err
		}
	}
	return merged, nil
}

// Merge folds person from into person into, as linking does. The rule,
// for when the two disagree:
//
//   - into keeps its ID; from's accounts join its own;
//   - roles are united: whatever either may do, the merged person may;
//   - the profile is into's (the person who asked for the code), and a
//     field into left empty is filled from from's; the merged person is
//     registered if either was;
//   - the language is into's;
//   - the report-limit history is united, so linking cannot reset the
//     hourly limit.
//
// Tickets are not on the user record; Link moves them (moveTickets).
func Merge(into, from *User) {
	for _, a := range from.Accounts {
		if !slices.Contains(into.Accounts, a) {
			into.Accounts = append(into.Accounts, a)
		}
	}
	for _, r := range from.Roles {
		if !slices.Contains(into.Roles, r) {
			into.Roles = append(into.Roles, r)
		}
	}
	slices.Sort(into.Roles)
	if from.Registered {
		fill := func(dst *string, src string) {
			if *dst == "" {
				*dst = src
			}
		}
		fill(&into.Name, from.Name)
		fill(&into.Phone, from.Phone)
		fill(&into.Department, from.Department)
	}
	into.Registered = into.Registered || from.Registered
	if into.Lang == "" {
		into.Lang = from.Lang
	}
	for _, at := range from.Reports {
		if !slices.ContainsFunc(into.Reports, at.Equal) {
			into.Reports = append(into.Reports, at)
		}
	}
	slices.SortFunc(into.Reports, time.Time.Compare)
}

// moveTickets gives the tickets of person from to person to: their live
// tickets as requester, and live jobs they hold, each with the
// conditional update; then their archived tickets, through the store.
// Tickets keep the names people had when they acted; only the IDs that
// decide who owns or holds a ticket change, so that every list, check
// and notice that follows an ID finds the merged person.
func (s *Service) moveTickets(ctx context.Context, from string, to Person) error {
	mine, err := s.tickets.Live(ctx, Filter{Requester: from})
	if err != nil {
		return err
	}
	jobs, err := s.tickets.Live(ctx, Filter{Technician: from})
	if err != nil {
		return err
	}
	for _, t := range append(mine, jobs...) {
		if _, _, err := s.update(ctx, t.ID, func(t *Ticket, _ time.Time) (bool, error) {
			return Reassign(t, from, to.ID), nil
		}); err != nil {
			return err
		}
	}
	return s.tickets.MoveArchived(ctx, from, to.ID)
}

// Reassign changes the person IDs of a ticket that decide ownership,
// holding and delivery from one person to another, and reports whether
// anything changed. Stores use it for the tickets they keep apart
// (TicketStore.MoveArchived).
func Reassign(t *Ticket, from, to string) bool {
	changed := false
	swap := func(p *Person) {
		if p.ID == from {
			p.ID, changed = to, true
		}
	}
	swap(&t.Requester)
	if t.Claim != nil {
		swap(&t.Claim.By)
	}
	for i := range t.Suspensions {
		swap(&t.Suspensions[i].By)
	}
	for i := t.Sent; i < len(t.Outbox); i++ {
		swap(&t.Outbox[i].User)
	}
	return changed
}

// Unlink detaches one of actor's accounts: it becomes a new, unregistered
// person, as if it had never written to the desk, and actor keeps
// everything else, the tickets and roles included. The last account
// cannot be unlinked: it would leave the person unreachable.
func (s *Service) Unlink(ctx context.Context, actor *User, account string) (*User, error) {
	// The list is changed first, in one conditional update, so two
	// unlinks at once cannot both pass the last-account check. Account
	// finishes the work for an account whose pointer still names a person
	// that no longer lists it.
	u, err := s.updateUser(ctx, actor.ID, func(u *User) error {
		if !slices.Contains(u.Accounts, account) {
			return errorf(ErrNotFound, "err.no_account", account)
		}
		if len(u.Accounts) < 2 {
			return errorf(ErrInvalid, "err.last_account")
		}
		u.Accounts = slices.DeleteFunc(u.Accounts, func(a string) bool { return a == account })
		if u.Home == account {
			u.Home = u.Accounts[0]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.detach(ctx, account, actor.ID); err != nil {
		return nil, err
	}
	return u, nil
}

// detach gives an account that its person no longer lists a fresh,
// unregistered person of its own.
func (s *Service) detach(ctx context.Context, account, from string) error {
	if err := s.users.UnlinkAccount(ctx, account, from); err != nil {
		return err
	}
	fresh := &User{ID: newID(), Accounts: []string{account}, Home: account, CreatedAt: s.Now(), Version: 1}
	err := s.users.CreateUser(ctx, fresh)
	if errors.Is(err, ErrConflict) {
		// The account wrote meanwhile and got its fresh person already.
		return nil
	}
	return err
}

// moveQueueMembers lists person to in every queue that lists person from,
// as a technician or a supervisor, in from's place: who may claim a
// queue's tickets, sees them in /pool and is asked first follows the
// person, not one of their accounts. Each queue is written conditionally
// and on its own, so an interrupted link repeats it harmlessly.
func (s *Service) moveQueueMembers(ctx context.Context, from, to string) error {
	st := s.queueStore()
	if st == nil {
		return nil
	}
	for range updateRetries {
		qs, err := st.Queues(ctx)
		if err != nil {
			return err
		}
		moved := true
		for _, q := range qs {
			if !slices.Contains(q.Technicians, from) && !slices.Contains(q.Supervisors, from) {
				continue
			}
			prev := q.Version
			q.Technicians = setIn(setIn(q.Technicians, from, false), to, slices.Contains(q.Technicians, from) || slices.Contains(q.Technicians, to))
			q.Supervisors = setIn(setIn(q.Supervisors, from, false), to, slices.Contains(q.Supervisors, from) || slices.Contains(q.Supervisors, to))
			q.Version = prev + 1
			if err := st.SaveQueue(ctx, q, prev); errors.Is(err, ErrConflict) {
				moved = false // changed meanwhile: read the queues again
			} else if err != nil {
				return err
			}
		}
		if moved {
			return nil
		}
	}
	return errorf(ErrConflict, "err.busy")
}
