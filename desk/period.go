package desk

import (
	"strings"
	"time"
)

// Period is the stretch of time a report covers, in the desk's time zone.
type Period struct {
	// Kind names a common period (PeriodToday, …), or PeriodRange for
	// two dates given by hand.
	Kind     string
	From, To time.Time // To is exclusive
}

// The common periods, offered as buttons.
const (
	PeriodToday  = "today"
	PeriodWeek   = "week"  // this week, from Monday
	PeriodMonth  = "month" // this calendar month
	Period30Days = "30d"   // the last 30 days, today included
	PeriodRange  = "range" // from one date to another, both included
)

// Periods lists the common periods in the order the buttons show them.
var Periods = []string{PeriodToday, PeriodWeek, PeriodMonth, Period30Days}

// maxPeriodDays bounds a period given by hand: a report over years would
// read the whole archive, which is what the export is for.
const maxPeriodDays = 366

// ParsePeriod reads a period: one of Periods, or two dates ("2026-11-01
// 2026-11-15", also with "..", "~" or "to" between them), both days
// included, in the desk's time zone. Empty means today.
func ParsePeriod(arg string, now time.Time, loc *time.Location) (Period, error) {
	arg = strings.ToLower(strings.TrimSpace(arg))
	now = now.In(loc)
	today := midnight(now)
	switch arg {
	case "", PeriodToday:
		return Period{Kind: PeriodToday, From: today, To: today.AddDate(0, 0, 1)}, nil
	case PeriodWeek:
		back := (int(today.Weekday()) + 6) % 7 // days since Monday
		from := today.AddDate(0, 0, -back)
		return Period{Kind: PeriodWeek, From: from, To: from.AddDate(0, 0, 7)}, nil
	case PeriodMonth:
		from := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
		return Period{Kind: PeriodMonth, From: from, To: from.AddDate(0, 1, 0)}, nil
	case Period30Days:
		return Period{Kind: Period30Days, From: today.AddDate(0, 0, -29), To: today.AddDate(0, 0, 1)}, nil
	}
	days := dateFields(arg)
	if len(days) != 2 {
		return Period{}, errorf(ErrInvalid, "err.bad_period")
	}
	from, err1 := time.ParseInLocation(time.DateOnly, days[0], loc)
	to, err2 := time.ParseInLocation(time.DateOnly, days[1], loc)
	if err1 != nil || err2 != nil {
		return Period{}, errorf(ErrInvalid, "err.bad_period")
	}
	if to.Before(from) {
		from, to = to, from
	}
	to = to.AddDate(0, 0, 1)
	if to.Sub(from) > maxPeriodDays*24*time.Hour+time.Hour { // an hour for a DST change
		return Period{}, errorf(ErrInvalid, "err.period_too_long", maxPeriodDays)
	}
	return Period{Kind: PeriodRange, From: from, To: to}, nil
}

// dateFields splits "2026-11-01..2026-11-15" and the like into its dates.
func dateFields(s string) []string {
	for _, sep := range []string{"..", "~", "～", " to ", "至", "到"} {
		s = strings.ReplaceAll(s, sep, " ")
	}
	return strings.Fields(s)
}

// End is when the period ends as far as anything can have happened in it:
// its end, or now if that comes first.
func (p Period) End(now time.Time) time.Time {
	if now.Before(p.To) {
		return now
	}
	return p.To
}

// Has reports whether at falls in the period.
func (p Period) Has(at time.Time) bool {
	return !at.IsZero() && !at.Before(p.From) && at.Before(p.To)
}

// Last is the period's last day, for display.
func (p Period) Last() time.Time { return p.To.AddDate(0, 0, -1) }
