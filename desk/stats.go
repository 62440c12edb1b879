package desk

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// PeriodStats are a period's figures for supervisors. Every figure is
// computed by ComputeStats from the tickets alone, so it is the same
// whether a ticket is still live or long archived.
type PeriodStats struct {
	Period Period
	// At is when the figures were computed; a period that has not ended
	// yet is counted up to then.
	At time.Time

	Opened    int           // reported in the period
	ByState   map[State]int // the state now of those reported in the period
	Completed int           // completed in the period
	Cancelled int           // cancelled in the period
	Backlog   int           // open at the period's end (or now)

	Technicians []TechStats  // everyone who claimed or completed a job in the period
	Places      []GroupStats // by zone / building, of the tickets reported in the period
	Problems    []GroupStats // by problem type, likewise

	FirstResponse Spread // report → first claim, of tickets first claimed in the period
	Resolution    Spread // report → completion, suspensions left out, of tickets completed in the period

	// Overdue counts the tickets reported in the period that became
	// overdue (超) at some time, pending or under repair.
	Overdue int

	Urges        int // urges made in the period
	UrgedTickets int // tickets they were about
	Approved     int // suspension requests approved in the period
	Rejected     int // … and rejected

	Stars    [6]int  // ratings given in the period, by stars (index 1–5)
	Rated    int     // ratings given in the period
	AvgStars float64 // their average
	// Low lists the ratings of LowStars or fewer given in the period,
	// oldest first, with their comments.
	Low []LowRating
}

// TechStats are one technician's figures in a period.
type TechStats struct {
	Tech      Person
	Claimed   int // jobs claimed (or assigned to them) in the period
	Completed int // jobs completed in the period
	// ToClaim and ToComplete are medians: report → their claim, and their
	// claim → completion, approved suspensions left out.
	ToClaim    time.Duration
	ToComplete time.Duration
	// InWindow counts completed jobs done by the end the requester asked
	// for (or within RepairAfter of the claim when they gave none).
	InWindow int
	Rated    int     // completed jobs that were rated
	AvgStars float64 // their average rating
}

// GroupStats are the figures of one place or one problem type.
type GroupStats struct {
	Name  string
	Count int // tickets reported in the period
	// Repair is the median time under repair (claim → completion,
	// suspensions left out) of its tickets completed in the period.
	Repair   time.Duration
	Repaired int // how many that median is over
	// Repeats counts tickets reported in the period about a fault that
	// was reported before (RepeatWithin, same room and problem type).
	Repeats int
}

// Spread is a median and a 90th percentile.
type Spread struct {
	N      int
	Median time.Duration
	P90    time.Duration
}

// LowRating is a poor rating and what the requester said.
type LowRating struct {
	Ticket  string // the ticket's ID
	Stars   int
	Comment string
	Tech    string // who completed the job
	At      time.Time
}

const (
	// RepeatWithin is how soon a fault reported again for the same room
	// and problem type counts as a repeat.
	RepeatWithin = 30 * 24 * time.Hour
	// LowStars and below is a rating whose comment supervisors read.
	LowStars = 2
)

// StatsSince is the earliest closing time of the tickets ComputeStats
// needs for p: those reported up to RepeatWithin before it, to find
// repeats, and everything open during it.
func StatsSince(p Period) time.Time { return p.From.Add(-RepeatWithin) }

// ComputeStats works out a period's figures from tickets: every ticket
// open at any time since StatsSince(p), live or archived; others are
// ignored. now is when the figures are for; s gives the overdue and
// repair thresholds.
func ComputeStats(p Period, ts []*Ticket, s Settings, now time.Time) PeriodStats {
	st := PeriodStats{Period: p, At: now, ByState: map[State]int{}}
	end := p.End(now)
	techs := map[string]*techAcc{}
	tech := func(who Person) *techAcc {
		a, ok := techs[who.ID]
		if !ok {
			a = &techAcc{TechStats: TechStats{Tech: who}}
			techs[who.ID] = a
		}
		return a
	}
	places, problems := groups{}, groups{}
	var firstResponse, resolution []time.Duration
	repeats := repeatsOf(ts)
	urged := map[string]bool{}
	var stars int
	for _, t := range ts {
		if p.Has(t.CreatedAt) {
			st.Opened++
			st.ByState[t.State]++
			if t.becameOverdue(s, now) {
				st.Overdue++
			}
			places.add(t.Location.Zone+" / "+t.Location.Building, repeats[t.ID])
			problems.add(t.ProblemType, repeats[t.ID])
		}
		if t.CreatedAt.Before(end) && !closedBy(t, end) {
			st.Backlog++
		}
		if c := t.firstClaimAt(); p.Has(c) {
			firstResponse = append(firstResponse, t.Waited(now))
		}
		if t.Claim != nil && p.Has(t.Claim.At) {
			a := tech(t.Claim.By)
			a.Claimed++
			a.toClaim = append(a.toClaim, t.Claim.At.Sub(t.CreatedAt)-t.held(t.CreatedAt, t.Claim.At))
		}
		switch {
		case t.State == Completed && t.Completion != nil && p.Has(t.Completion.At):
			st.Completed++
			done := t.Completion.At
			resolution = append(resolution, done.Sub(t.CreatedAt)-t.held(t.CreatedAt, done))
			repair := t.UnderRepair(done)
			places.repaired(t.Location.Zone+" / "+t.Location.Building, repair)
			problems.repaired(t.ProblemType, repair)
			a := tech(t.Completion.By)
			a.Completed++
			a.toComplete = append(a.toComplete, repair)
			if due := t.RepairDue(s, done); !due.IsZero() && !done.After(due) {
				a.InWindow++
			}
			if t.Rating != nil {
				a.Rated++
				a.stars += t.Rating.Stars
			}
		case t.State == Cancelled && t.Cancel != nil && p.Has(t.Cancel.At):
			st.Cancelled++
		}
		for _, u := range t.Urges {
			if p.Has(u.At) {
				st.Urges++
				urged[t.ID] = true
			}
		}
		for _, sp := range t.Suspensions {
			if p.Has(sp.ReviewedAt) {
				switch sp.Review {
				case ReviewApproved:
					st.Approved++
				case ReviewRejected:
					st.Rejected++
				}
			}
		}
		if r := t.Rating; r != nil && p.Has(r.At) && r.Stars >= 1 && r.Stars <= 5 {
			st.Stars[r.Stars]++
			st.Rated++
			stars += r.Stars
			if r.Stars <= LowStars {
				low := LowRating{Ticket: t.ID, Stars: r.Stars, Comment: r.Comment, At: r.At}
				if t.Completion != nil {
					low.Tech = t.Completion.By.Name
				}
				st.Low = append(st.Low, low)
			}
		}
	}
	st.UrgedTickets = len(urged)
	if st.Rated > 0 {
		st.AvgStars = float64(stars) / float64(st.Rated)
	}
	slices.SortFunc(st.Low, func(a, b LowRating) int { return a.At.Compare(b.At) })
	st.FirstResponse, st.Resolution = spread(firstResponse), spread(resolution)
	for _, a := range techs {
		st.Technicians = append(st.Technicians, a.done())
	}
	slices.SortFunc(st.Technicians, func(a, b TechStats) int {
		return cmp.Or(b.Completed-a.Completed, b.Claimed-a.Claimed, strings.Compare(a.Tech.Name, b.Tech.Name),
			strings.Compare(a.Tech.ID, b.Tech.ID))
	})
	st.Places, st.Problems = places.sorted(), problems.sorted()
	return st
}

// techAcc gathers one technician's durations before the medians.
type techAcc struct {
	TechStats
	toClaim, toComplete []time.Duration
	stars               int
}

func (a *techAcc) done() TechStats {
	t := a.TechStats
	t.ToClaim, t.ToComplete = median(a.toClaim), median(a.toComplete)
	if t.Rated > 0 {
		t.AvgStars = float64(a.stars) / float64(t.Rated)
	}
	return t
}

// groups gathers figures by place or by problem type.
type groups map[string]*groupAcc

type groupAcc struct {
	GroupStats
	repairs []time.Duration
}

func (g groups) get(name string) *groupAcc {
	a, ok := g[name]
	if !ok {
		a = &groupAcc{GroupStats: GroupStats{Name: name}}
		g[name] = a
	}
	return a
}

func (g groups) add(name string, repeat bool) {
	a := g.get(name)
	a.Count++
	if repeat {
		a.Repeats++
	}
}

func (g groups) repaired(name string, d time.Duration) {
	a := g.get(name)
	a.repairs = append(a.repairs, d)
}

func (g groups) sorted() []GroupStats {
	var out []GroupStats
	for _, a := range g {
		s := a.GroupStats
		s.Repair, s.Repaired = median(a.repairs), len(a.repairs)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b GroupStats) int {
		return cmp.Or(b.Count-a.Count, b.Repaired-a.Repaired, strings.Compare(a.Name, b.Name))
	})
	return out
}

// repeatsOf finds the tickets that report again a fault reported less than
// RepeatWithin before, for the same room and problem type. A cancelled
// ticket reports no fault, and a ticket without a room cannot be told
// apart from the rest of its building, so neither counts.
func repeatsOf(ts []*Ticket) map[string]bool {
	byKey := map[string][]*Ticket{}
	for _, t := range ts {
		room := strings.ToLower(strings.TrimSpace(t.Location.Room))
		if t.State == Cancelled || room == "" {
			continue
		}
		k := t.Location.Zone + "\x00" + t.Location.Building + "\x00" + room + "\x00" + t.ProblemType
		byKey[k] = append(byKey[k], t)
	}
	out := map[string]bool{}
	for _, same := range byKey {
		slices.SortFunc(same, func(a, b *Ticket) int {
			return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.Number, b.Number))
		})
		for i := 1; i < len(same); i++ {
			if same[i].CreatedAt.Sub(same[i-1].CreatedAt) < RepeatWithin {
				out[same[i].ID] = true
			}
		}
	}
	return out
}

// closedBy reports whether the ticket was closed before at.
func closedBy(t *Ticket, at time.Time) bool {
	c := t.ClosedAt()
	return !c.IsZero() && c.Before(at)
}

// held is how much of [from, to) the ticket spent suspended with a
// supervisor's approval: from the approval until the resume (or, never
// resumed, until the job ended).
func (t *Ticket) held(from, to time.Time) time.Duration {
	var d time.Duration
	for _, s := range t.Suspensions {
		if s.Review != ReviewApproved {
			continue
		}
		start, stop := s.ReviewedAt, s.ResumedAt
		if stop.IsZero() {
			stop = to
		}
		start, stop = later(start, from), earlier(stop, to)
		if stop.After(start) {
			d += stop.Sub(start)
		}
	}
	return d
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// becameOverdue reports whether the ticket carried the 超 tag at some
// time up to now: pending longer than OverdueAfter (working time), or
// still under repair after its due time. A job waits on no one while a
// supervisor holds it suspended, so its time under repair ends there.
func (t *Ticket) becameOverdue(s Settings, now time.Time) bool {
	pendingEnd := now
	if c := t.firstClaimAt(); !c.IsZero() && t.State != Pending {
		pendingEnd = c
	} else if t.Cancel != nil {
		pendingEnd = t.Cancel.At
	}
	if WorkingTime(s, t.CreatedAt, pendingEnd) > t.Limits(s).Overdue.D() {
		return true
	}
	if t.Claim == nil {
		return false
	}
	end := now
	switch {
	case t.Completion != nil:
		end = t.Completion.At
	case t.State == Suspended && t.LastSuspension() != nil:
		end = t.LastSuspension().ReviewedAt
	}
	due := t.RepairDue(s, end)
	return !due.IsZero() && end.After(due)
}

// spread is the median and the 90th percentile of ds.
func spread(ds []time.Duration) Spread {
	return Spread{N: len(ds), Median: median(ds), P90: percentile(ds, 90)}
}

// median is the middle value, or the mean of the two middle ones.
func median(ds []time.Duration) time.Duration {
	n := len(ds)
	if n == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// percentile is the nearest-rank percentile: the smallest value with at
// least pct percent of the values at or below it.
func percentile(ds []time.Duration, pct int) time.Duration {
	n := len(ds)
	if n == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	rank := (pct*n + 99) / 100 // ceil(pct/100 · n)
	return s[max(rank, 1)-1]
}
