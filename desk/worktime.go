package desk

import (
	"slices"
	"strings"
	"time"
)

// WorkingTime is the time between from and to that counts towards the
// desk's timers. With no working hours set it is simply to - from; with
// working hours it counts only those hours on working days that are not
// holidays, so a fault reported at 23:00 on Friday is not overdue on
// Saturday.
func WorkingTime(s Settings, from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	open, shut, err := parseWorkHours(s.WorkHours)
	if s.WorkHours == "" || err != nil {
		return to.Sub(from)
	}
	loc := s.Location()
	from, to = from.In(loc), to.In(loc)
	var total time.Duration
	// Walk day by day; the number of days is bounded by the span, and
	// the timers look back at most weeks.
	for day := midnight(from); day.Before(to); day = day.AddDate(0, 0, 1) {
		if !s.workingDay(day) {
			continue
		}
		start, end := day.Add(open), day.Add(shut)
		if start.Before(from) {
			start = from
		}
		if end.After(to) {
			end = to
		}
		if end.After(start) {
			total += end.Sub(start)
		}
	}
	return total
}

// AddWorkingTime returns the moment d of working time after from.
func AddWorkingTime(s Settings, from time.Time, d time.Duration) time.Time {
	open, shut, err := parseWorkHours(s.WorkHours)
	if s.WorkHours == "" || err != nil || shut <= open {
		return from.Add(d)
	}
	loc := s.Location()
	at := from.In(loc)
	for range 3660 { // ten years of days: a bound, never reached in practice
		day := midnight(at)
		if s.workingDay(day) {
			start, end := day.Add(open), day.Add(shut)
			if at.Before(start) {
				at = start
			}
			if at.Before(end) {
				if left := end.Sub(at); d <= left {
					return at.Add(d)
				} else {
					d -= left
				}
			}
		}
		at = day.AddDate(0, 0, 1)
	}
	return at
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func (s Settings) workingDay(day time.Time) bool {
	wd := int(day.Weekday())
	if wd == 0 {
		wd = 7
	}
	days := s.WorkDays
	if len(days) == 0 {
		days = []int{1, 2, 3, 4, 5}
	}
	return slices.Contains(days, wd) && !slices.Contains(s.Holidays, day.Format(time.DateOnly))
}

// parseWorkHours reads "08:00-18:00" as offsets from midnight.
func parseWorkHours(v string) (open, shut time.Duration, err error) {
	a, b, ok := strings.Cut(v, "-")
	if !ok {
		return 0, 0, errorf(ErrInvalid, "err.bad_work_hours")
	}
	ta, err1 := time.Parse("15:04", strings.TrimSpace(a))
	tb, err2 := time.Parse("15:04", strings.TrimSpace(b))
	if err1 != nil || err2 != nil || !tb.After(ta) {
		return 0, 0, errorf(ErrInvalid, "err.bad_work_hours")
	}
	day := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	return ta.Sub(day), tb.Sub(day), nil
}

func parseHolidays(v string) ([]string, error) {
	var days []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '，' }) {
		d, err := time.Parse(time.DateOnly, f)
		if err != nil {
			return nil, errorf(ErrInvalid, "err.bad_date_list")
		}
		days = append(days, d.Format(time.DateOnly))
	}
	return days, nil
}

func joinComma(s []string) string { return strings.Join(s, ",") }
