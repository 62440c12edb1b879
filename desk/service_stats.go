package desk

import "context"

// Reports reports whether u may read the desk's figures: supervisors, who
// run the repairs, and admins, who run the desk.
func Reports(u *User) bool { return u.Is(RoleSupervisor) || u.Is(RoleAdmin) }

// PeriodReport works out the figures of a period (see ParsePeriod) for a
// supervisor or an admin.
//
// It reads the live tickets (few, and mirrored in memory on the embedded
// store) and, from the archive, only what was closed since StatsSince:
// the store keeps archived tickets grouped by the month they were closed
// in (TicketStore.History), so a month's report reads two or three such
// groups by _id however long the desk has run.
func (s *Service) PeriodReport(ctx context.Context, actor *User, period string) (PeriodStats, error) {
	if !Reports(actor) {
		return PeriodStats{}, errorf(ErrForbidden, "err.forbidden")
	}
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return PeriodStats{}, err
	}
	now := s.Now()
	p, err := ParsePeriod(period, now, settings.Location())
	if err != nil {
		return PeriodStats{}, err
	}
	live, err := s.tickets.Live(ctx, Filter{})
	if err != nil {
		return PeriodStats{}, err
	}
	var archived []*Ticket
	err = s.tickets.History(ctx, StatsSince(p), nil, func(t *Ticket) bool {
		archived = append(archived, t)
		return true
	})
	if err != nil {
		return PeriodStats{}, err
	}
	ts := dedupe(live, archived)
	if ts, err = s.asMergedDoers(ctx, ts); err != nil {
		return PeriodStats{}, err
	}
	return ComputeStats(p, ts, settings, now), nil
}
