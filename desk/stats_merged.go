package desk

import (
	"context"
	"errors"
)

// A ticket keeps the IDs of the people who acted on it as they were then.
// A technician who later linked a second account (Link) became one
// person, but the jobs they did under the person merged away still name
// that one: archived jobs, and the completion of live ones. The figures
// by technician are about people, so before they are worked out each job
// is read as done by the person its doer is now.

// asMergedDoers returns ts with each claim and completion naming the
// person its doer is now, under that person's current name (a doer who is
// no longer a user keeps the name recorded). Tickets that need no change
// are returned as they are; the others are copies, so that what a store
// hands out is never changed.
func (s *Service) asMergedDoers(ctx context.Context, ts []*Ticket) ([]*Ticket, error) {
	now := map[string]Person{} // a doer's ID → who they are now
	var err error
	resolve := func(p Person) Person {
		if err != nil || p.ID == "" {
			return p
		}
		if q, ok := now[p.ID]; ok {
			return q
		}
		q := p
		u, cerr := s.Recipient(ctx, p.ID)
		if cerr == nil {
			q = Person{ID: u.ID, Name: u.Name}
		}
		if cerr != nil && !errors.Is(cerr, ErrNotFound) {
			err = cerr
			return p
		}
		now[p.ID] = q
		return q
	}
	out := make([]*Ticket, len(ts))
	for i, t := range ts {
		out[i] = t
		var claim, done Person
		if t.Claim != nil {
			claim = resolve(t.Claim.By)
		}
		if t.Completion != nil {
			done = resolve(t.Completion.By)
		}
		if (t.Claim == nil || claim == t.Claim.By) && (t.Completion == nil || done == t.Completion.By) {
			continue
		}
		c := *t
		if t.Claim != nil {
			cl := *t.Claim
			cl.By = claim
			c.Claim = &cl
		}
		if t.Completion != nil {
			co := *t.Completion
			co.By = done
			c.Completion = &co
		}
		out[i] = &c
	}
	return out, err
}
