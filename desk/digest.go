package desk

import (
	"context"
	"slices"
	"time"
)

// MaxDigestListed bounds each list of the daily digest (overdue tickets,
// suspension requests waiting for review), so that it stays one short
// message on a bad day; the digest says how many more there are.
const MaxDigestListed = 10

// Digest is the supervisors' daily report: yesterday's figures beside
// those of the same weekday a week before, and what waits on someone now.
//
// The same weekday rather than the last seven days' average: a desk's
// days are not alike (Mondays bring the weekend's faults, Saturdays are
// quiet), and a supervisor reads "12, last Monday 9" at a glance, where
// an average of 7.4 needs thinking about.
type Digest struct {
	Day, WeekBefore DayFigures
	// Overdue lists the tickets that carry the 超 tag now, urgent first,
	// then longest waiting first, at most MaxDigestListed; OverdueN counts them all.
	Overdue  []*Ticket
	OverdueN int
	// Review lists the suspension requests waiting for a supervisor's
	// review, oldest request first, at most MaxDigestListed; ReviewN
	// counts them all.
	Review  []*Ticket
	ReviewN int
	// Live counts the live tickets that are not final: open work.
	Live int
}

// DayFigures are one day's figures in a Digest.
type DayFigures struct {
	// Date is the local midnight that starts the day.
	Date   time.Time
	Opened int // reported that day
	Closed int // completed or cancelled that day
	// Backlog counts the tickets open at the end of the day.
	Backlog int
	// ToClaim is the median wait (report → first claim) of the tickets
	// first claimed that day; Claimed, how many those were.
	ToClaim time.Duration
	Claimed int
	// Overdue counts the tickets reported that day that became overdue
	// (超) at some time up to now.
	Overdue  int
	Rated    int     // ratings given that day
	AvgStars float64 // their average
}

// quiet reports whether nothing happened that day and nothing was open.
func (d DayFigures) quiet() bool {
	return d.Opened == 0 && d.Closed == 0 && d.Backlog == 0 && d.Claimed == 0 && d.Rated == 0
}

// Empty reports whether the digest would say nothing: no open ticket, no
// request waiting, and neither day saw anything happen. Such a desk gets
// no digest at all.
func (d Digest) Empty() bool {
	return d.Live == 0 && d.OverdueN == 0 && d.ReviewN == 0 && d.Day.quiet() && d.WeekBefore.quiet()
}

// DailyDigest works out the digest as of now: for the local day before
// today, and the same weekday a week earlier.
//
// It reads what PeriodReport reads for those days: the live tickets
// (mirrored in memory on the embedded store) and the archived ones closed
// since the earlier day began (TicketStore.History: the month documents
// since then, two at most).
func (s *Service) DailyDigest(ctx context.Context) (Digest, error) {
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return Digest{}, err
	}
	now := s.Now()
	loc := settings.Location()
	today := midnight(now.In(loc))
	y, m, d := today.Date()
	day := Period{Kind: PeriodRange, From: time.Date(y, m, d-1, 0, 0, 0, 0, loc), To: today}
	before := Period{Kind: PeriodRange, From: time.Date(y, m, d-8, 0, 0, 0, 0, loc), To: time.Date(y, m, d-7, 0, 0, 0, 0, loc)}

	live, err := s.tickets.Live(ctx, Filter{})
	if err != nil {
		return Digest{}, err
	}
	// A ticket closed before the earlier day began counts in none of the
	// figures: it was neither open nor acted on in either day.
	var archived []*Ticket
	err = s.tickets.History(ctx, before.From, nil, func(t *Ticket) bool {
		archived = append(archived, t)
		return true
	})
	if err != nil {
		return Digest{}, err
	}
	ts := dedupe(live, archived)

	dg := Digest{
		Day:        dayFigures(ComputeStats(day, ts, settings, now)),
		WeekBefore: dayFigures(ComputeStats(before, ts, settings, now)),
	}
	for _, t := range live {
		if t.State.Final() {
			continue
		}
		dg.Live++
		if t.Overdue(now, settings) {
			dg.Overdue = append(dg.Overdue, t)
		}
		if t.WaitingSuspension() != nil {
			dg.Review = append(dg.Review, t)
		}
	}
	slices.SortFunc(dg.Overdue, func(a, b *Ticket) int { return a.CreatedAt.Compare(b.CreatedAt) })
	UrgentFirst(dg.Overdue)
	slices.SortFunc(dg.Review, func(a, b *Ticket) int {
		return a.WaitingSuspension().RequestedAt.Compare(b.WaitingSuspension().RequestedAt)
	})
	dg.OverdueN, dg.ReviewN = len(dg.Overdue), len(dg.Review)
	dg.Overdue = dg.Overdue[:min(len(dg.Overdue), MaxDigestListed)]
	dg.Review = dg.Review[:min(len(dg.Review), MaxDigestListed)]
	return dg, nil
}

// dayFigures takes a day's figures from its report.
func dayFigures(st PeriodStats) DayFigures {
	return DayFigures{
		Date:    st.Period.From,
		Opened:  st.Opened,
		Closed:  st.Completed + st.Cancelled,
		Backlog: st.Backlog,
		ToClaim: st.FirstResponse.Median, Claimed: st.FirstResponse.N,
		Overdue: st.Overdue,
		Rated:   st.Rated, AvgStars: st.AvgStars,
	}
}
