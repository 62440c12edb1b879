package desk

import (
	"context"
	"time"
)

// Mine lists the actor's tickets, newest first, optionally in one state.
func (s *Service) Mine(ctx context.Context, actor *User, state State, limit int) ([]*Ticket, error) {
	// Recent reads more than the limit so that filtering by state still
	// fills a page in the common case.
	ts, err := s.tickets.Recent(ctx, actor.ID, max(limit*4, 50))
	if err != nil {
		return nil, err
	}
	var out []*Ticket
	for _, t := range ts {
		if (state == "" || t.State == state) && len(out) < limit {
			out = append(out, t)
		}
	}
	return out, nil
}

// Jobs lists the live tickets a technician holds, urgent first.
func (s *Service) Jobs(ctx context.Context, actor *User) ([]*Ticket, error) {
	if !actor.Is(RoleTechnician) {
		return nil, errorf(ErrForbidden, "err.forbidden")
	}
	ts, err := s.tickets.Live(ctx, Filter{States: []State{Accepted, Suspended}, Technician: actor.ID})
	if err != nil {
		return nil, err
	}
	UrgentFirst(ts)
	return ts, nil
}

// Pool lists the pending tickets of the person's queues (inPoolOf),
// urgent first, oldest first: what dispatch shows.
func (s *Service) Pool(ctx context.Context, actor *User) ([]*Ticket, error) {
	if !actor.Is(RoleTechnician) {
		return nil, errorf(ErrForbidden, "err.forbidden")
	}
	ts, err := s.tickets.Live(ctx, Filter{States: []State{Pending}})
	if err != nil {
		return nil, err
	}
	if ts, err = s.inPoolOf(ctx, actor, ts); err != nil {
		return nil, err
	}
	UrgentFirst(ts)
	return ts, nil
}

// Overdue lists the tickets that carry the 超 tag now.
func (s *Service) Overdue(ctx context.Context, actor *User) ([]*Ticket, error) {
	if !actor.Is(RoleSupervisor) {
		return nil, errorf(ErrForbidden, "err.forbidden")
	}
	return s.OverdueTickets(ctx)
}

// OverdueTickets is the overdue sweep, for the scheduler and supervisors.
func (s *Service) OverdueTickets(ctx context.Context) ([]*Ticket, error) {
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return nil, err
	}
	ts, err := s.tickets.Live(ctx, Filter{States: []State{Pending, Accepted}})
	if err != nil {
		return nil, err
	}
	now := s.Now()
	var out []*Ticket
	for _, t := range ts {
		if t.Overdue(now, settings) {
			out = append(out, t)
		}
	}
	UrgentFirst(out)
	return out, nil
}

// Stats summarises the desk as it is now, for the metrics.
type Stats struct {
	ByState   map[State]int
	Overdue   int
	AvgWait   time.Duration // over claimed tickets
	AvgRepair time.Duration // over completed tickets
	Rated     int
	AvgStars  float64
}

// Summary counts live tickets by state and adds the archived totals, for
// the metrics; people read PeriodReport, supervisors' channels
// DailyDigest.
func (s *Service) Summary(ctx context.Context) (Stats, error) {
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return Stats{}, err
	}
	live, err := s.tickets.Live(ctx, Filter{})
	if err != nil {
		return Stats{}, err
	}
	tot, err := s.tickets.Totals(ctx)
	if err != nil {
		return Stats{}, err
	}
	now := s.Now()
	st := Stats{ByState: map[State]int{}}
	st.ByState[Completed] = tot.Completed
	st.ByState[Cancelled] = tot.Cancelled
	waitSum, waitN := tot.WaitSum, tot.Completed
	repairSum, repairN := tot.RepairSum, tot.Completed
	stars, rated := tot.StarsSum, tot.Rated
	for _, t := range live {
		st.ByState[t.State]++
		if t.Overdue(now, settings) {
			st.Overdue++
		}
		if t.Claim != nil {
			waitSum += t.Waited(now)
			waitN++
		}
		if t.Completion != nil {
			repairSum += t.UnderRepair(now)
			repairN++
		}
		if t.Rating != nil {
			stars += t.Rating.Stars
			rated++
		}
	}
	if waitN > 0 {
		st.AvgWait = waitSum / time.Duration(waitN)
	}
	if repairN > 0 {
		st.AvgRepair = repairSum / time.Duration(repairN)
	}
	if rated > 0 {
		st.Rated = rated
		st.AvgStars = float64(stars) / float64(rated)
	}
	return st, nil
}

// Settings returns the desk's settings.
func (s *Service) Settings(ctx context.Context) (Settings, error) { return s.config.Settings(ctx) }

// Catalog returns the desk's catalogues.
func (s *Service) Catalog(ctx context.Context) (Catalog, error) { return s.config.Catalog(ctx) }

// SearchFAQ finds articles matching the query.
func (s *Service) SearchFAQ(ctx context.Context, query string, limit int) ([]Article, error) {
	as, err := s.config.Articles(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := s.config.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	return SearchArticles(as, cat, query, limit), nil
}

// SuggestFAQ finds articles clearly about the fault being described.
func (s *Service) SuggestFAQ(ctx context.Context, query string, limit int) ([]Article, error) {
	as, err := s.config.Articles(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := s.config.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	return SuggestArticles(as, cat, query, limit), nil
}
