package desk

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// WeekDays is how many days a Week covers.
const WeekDays = 7

// TopListed bounds the buildings and problem types a Week ranks, so that
// a chart of them stays readable.
const TopListed = 6

// Week is the desk's last seven days in figures, for the supervisors'
// weekly chart. It is plain data: whoever draws it needs nothing else.
type Week struct {
	// Days are the seven local days, oldest first. The last one ends at
	// the week's end, which may be within it (a week asked for now).
	Days []Day
	// Buildings and Problems rank the tickets opened in the week by
	// building and by problem type, most first, at most TopListed each.
	Buildings []Count
	Problems  []Count
	// Total counts every ticket the desk has, live and archived: zero
	// means a desk that never had one, which gets no weekly chart.
	Total int
	// End is the end of the week, exclusive.
	End time.Time
}

// Day is one day of a Week.
type Day struct {
	// Date is the local midnight that starts the day.
	Date   time.Time
	Opened int // tickets reported that day
	Closed int // tickets completed or cancelled that day
	// Backlog counts the tickets open (pending, accepted or suspended)
	// at the end of the day; OnHold, those of them suspended.
	Backlog int
	OnHold  int
	// Claimed counts the tickets first claimed (or assigned) that day, and
	// ClaimMedian is the median time they had waited for it; zero when
	// none was.
	Claimed     int
	ClaimMedian time.Duration
}

// Count is how many tickets share one name.
type Count struct {
	Name string
	N    int
}

// Opened is the number of tickets reported in the week.
func (w Week) Opened() int {
	n := 0
	for _, d := range w.Days {
		n += d.Opened
	}
	return n
}

// Closed is the number of tickets completed or cancelled in the week.
func (w Week) Closed() int {
	n := 0
	for _, d := range w.Days {
		n += d.Closed
	}
	return n
}

// Week returns the seven days up to end (now when zero or later), for
// supervisors and admins: the weekly chart on demand.
func (s *Service) Week(ctx context.Context, actor *User, end time.Time) (Week, error) {
	if !actor.Is(RoleSupervisor) && !actor.Is(RoleAdmin) {
		return Week{}, errorf(ErrForbidden, "err.forbidden")
	}
	return s.WeekSummary(ctx, end)
}

// WeekSummary is Week without the permission check, for the scheduler's
// weekly chart.
//
// It reads the live tickets (which the embedded store keeps in memory)
// and, from the archive, only the tickets that became final since the
// week began: everything the week can show. A ticket archived before that
// was closed before the week and counts in none of its figures.
func (s *Service) WeekSummary(ctx context.Context, end time.Time) (Week, error) {
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return Week{}, err
	}
	now := s.Now()
	if end.IsZero() || end.After(now) {
		end = now
	}
	days := weekDays(end, settings.Location())
	live, err := s.tickets.Live(ctx, Filter{})
	if err != nil {
		return Week{}, err
	}
	// Up to now, not to end: a ticket closed after a past week ended was
	// still open at the end of its days.
	archived, err := s.tickets.Archived(ctx, days[0], now)
	if err != nil {
		return Week{}, err
	}
	tot, err := s.tickets.Totals(ctx)
	if err != nil {
		return Week{}, err
	}
	w := countWeek(dedupe(live, archived), days, end)
	w.Total = len(live) + tot.Completed + tot.Cancelled
	return w, nil
}

// dedupe joins the live and archived tickets, listing once a ticket
// caught in both while it was being archived; the live copy is the newer.
func dedupe(live, archived []*Ticket) []*Ticket {
	out := slices.Clone(live)
	seen := make(map[string]bool, len(live))
	for _, t := range live {
		seen[t.ID] = true
	}
	for _, t := range archived {
		if !seen[t.ID] {
			seen[t.ID] = true
			out = append(out, t)
		}
	}
	return out
}

// weekDays returns the local midnights that start the seven days whose
// last contains the instant just before end.
func weekDays(end time.Time, loc *time.Location) []time.Time {
	last := end.Add(-time.Nanosecond).In(loc)
	y, m, d := last.Date()
	days := make([]time.Time, WeekDays)
	for i := range days {
		// Dates, not 24-hour steps: a day may be 23 or 25 hours long.
		days[i] = time.Date(y, m, d-(WeekDays-1-i), 0, 0, 0, 0, loc)
	}
	return days
}

// countWeek works out a Week's figures from the tickets it may concern;
// days are the starts of its days, end its exclusive end. Day i runs from
// bounds[i] up to bounds[i+1].
func countWeek(ts []*Ticket, days []time.Time, end time.Time) Week {
	w := Week{Days: make([]Day, len(days)), End: end}
	bounds := append(slices.Clone(days), end)
	dayOf := func(at time.Time) int {
		if at.IsZero() || at.Before(bounds[0]) || !at.Before(end) {
			return -1
		}
		i, found := slices.BinarySearchFunc(bounds, at, time.Time.Compare)
		if !found {
			i-- // at falls after bounds[i-1], within day i-1
		}
		return i
	}
	waits := make([][]time.Duration, len(days))
	buildings, problems := map[string]int{}, map[string]int{}
	for _, t := range ts {
		if !t.CreatedAt.Before(end) {
			continue
		}
		if d := dayOf(t.CreatedAt); d >= 0 {
			w.Days[d].Opened++
			buildings[t.Location.Building]++
			problems[t.ProblemType]++
		}
		closed := t.ClosedAt()
		if d := dayOf(closed); d >= 0 {
			w.Days[d].Closed++
		}
		claimed := t.firstClaimAt()
		if d := dayOf(claimed); d >= 0 {
			waits[d] = append(waits[d], max(claimed.Sub(t.CreatedAt), 0))
		}
		for d := range days {
			e := bounds[d+1]
			if !t.CreatedAt.Before(e) || !closed.IsZero() && closed.Before(e) {
				continue
			}
			w.Days[d].Backlog++
			if t.suspendedAt(e) {
				w.Days[d].OnHold++
			}
		}
	}
	for d := range days {
		w.Days[d].Date = days[d]
		w.Days[d].Claimed = len(waits[d])
		w.Days[d].ClaimMedian = median(waits[d])
	}
	w.Buildings, w.Problems = top(buildings), top(problems)
	return w
}

// ClosedAt is when the ticket became final, zero while it is open.
func (t *Ticket) ClosedAt() time.Time {
	switch {
	case t.State == Completed && t.Completion != nil:
		return t.Completion.At
	case t.State == Cancelled && t.Cancel != nil:
		return t.Cancel.At
	case t.State.Final():
		return t.UpdatedAt
	}
	return time.Time{}
}

// suspendedAt reports whether an approved suspension held the job just
// before at: approved before it, and not resumed by then.
func (t *Ticket) suspendedAt(at time.Time) bool {
	for _, s := range t.Suspensions {
		if s.Review == ReviewApproved && s.ReviewedAt.Before(at) && (s.ResumedAt.IsZero() || !s.ResumedAt.Before(at)) {
			return true
		}
	}
	return false
}

// top ranks counts, most first and then by name, at most TopListed.
func top(counts map[string]int) []Count {
	out := make([]Count, 0, len(counts))
	for name, n := range counts {
		out = append(out, Count{Name: name, N: n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Name, b.Name))
	})
	return out[:min(len(out), TopListed)]
}
