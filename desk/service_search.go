package desk

import (
	"context"
	"errors"
	"slices"
)

// SearchPageSize is how many tickets a page of search results shows.
const SearchPageSize = 8

// ownSearchLimit bounds how far back a requester's search of their own
// tickets reaches: their newest tickets, read by _id through the index of
// each person's tickets rather than from the whole archive.
const ownSearchLimit = 500

// Found is one page of search results.
type Found struct {
	Query   Query
	Page    int // from 0
	Tickets []*Ticket
	More    bool // there is a next page
}

// Search finds tickets, live and archived (see ParseQuery for what text
// may hold). Technicians, supervisors and admins search every ticket; a
// requester searches only their own, and a ticket of someone else's asked
// for by number is not found rather than refused, so a search cannot tell
// whether it exists.
//
// Live tickets come first, newest first; then the archive, the tickets
// closed last first. Archived tickets are as TicketStore.History keeps
// them: enough for a list, not the details, which are read by ID.
func (s *Service) Search(ctx context.Context, actor *User, text string, page int) (Found, error) {
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return Found{}, err
	}
	q, err := ParseQuery(text, settings.Location())
	if err != nil {
		return Found{}, err
	}
	page = max(page, 0)
	want := (page+1)*SearchPageSize + 1 // one more tells whether a next page exists
	staff := actor.Is(RoleTechnician) || actor.Is(RoleAdmin)
	var hits []*Ticket
	switch {
	case q.ID != "":
		t, err := s.tickets.Get(ctx, q.ID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return Found{}, err
		}
		if t != nil && (staff || isOwner(actor, t)) && q.Matches(t) {
			hits = append(hits, t)
		}
	case !staff:
		ts, err := s.tickets.Recent(ctx, actor.ID, ownSearchLimit)
		if err != nil {
			return Found{}, err
		}
		for _, t := range ts {
			if isOwner(actor, t) && q.Matches(t) {
				hits = append(hits, t)
			}
		}
	default:
		if hits, err = s.searchAll(ctx, q, want); err != nil {
			return Found{}, err
		}
	}
	f := Found{Query: q, Page: page}
	from := min(page*SearchPageSize, len(hits))
	to := min(from+SearchPageSize, len(hits))
	f.Tickets, f.More = hits[from:to], len(hits) > to
	return f, nil
}

// searchAll finds up to want tickets among all, live first. It stops
// reading the archive as soon as it has them, and reads only the months
// closed since the earliest report date asked for: a ticket is closed
// after it is reported.
func (s *Service) searchAll(ctx context.Context, q Query, want int) ([]*Ticket, error) {
	live, err := s.tickets.Live(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var hits []*Ticket
	for _, t := range live {
		seen[t.ID] = true
		if q.Matches(t) {
			hits = append(hits, t)
		}
	}
	slices.SortFunc(hits, func(a, b *Ticket) int { return int(b.Number - a.Number) })
	if len(hits) >= want {
		return hits, nil
	}
	err = s.tickets.History(ctx, q.From, &q, func(t *Ticket) bool {
		if !seen[t.ID] && q.Matches(t) {
			hits = append(hits, t)
		}
		return len(hits) < want
	})
	return hits, err
}
