package desk

import (
	"strings"
	"time"
)

// DefaultChartAt is when the supervisors' weekly chart goes out on a desk
// that never set it (Settings.ChartAt empty, as in settings stored before
// there was a chart): Monday morning, the week just ended.
const DefaultChartAt = "mon 09:00"

// ChartOff in Settings.ChartAt turns the weekly chart off.
const ChartOff = "off"

// WeekTime is a time of the week: a weekday and a time of day.
type WeekTime struct {
	Day   time.Weekday
	Clock time.Duration // since midnight
}

var weekdays = map[string]time.Weekday{"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday}

// ParseWeekTime reads "mon 09:00": the first three letters of a weekday's
// English name, in any case, and a 24-hour time.
func ParseWeekTime(v string) (WeekTime, bool) {
	day, clock, ok := strings.Cut(strings.TrimSpace(v), " ")
	wd, known := weekdays[strings.ToLower(day)]
	c, err := time.Parse("15:04", strings.TrimSpace(clock))
	if !ok || !known || err != nil {
		return WeekTime{}, false
	}
	return WeekTime{Day: wd, Clock: time.Duration(c.Hour())*time.Hour + time.Duration(c.Minute())*time.Minute}, true
}

// WeeklyChart returns when the weekly chart is due, and false when it is
// turned off or set to nothing readable.
func (s Settings) WeeklyChart() (WeekTime, bool) {
	switch v := strings.TrimSpace(s.ChartAt); v {
	case ChartOff:
		return WeekTime{}, false
	case "":
		return ParseWeekTime(DefaultChartAt)
	default:
		return ParseWeekTime(v)
	}
}

// DueIn returns when, in the week (Monday to Sunday) that holds at, the
// time of the week falls, in at's location.
func (w WeekTime) DueIn(at time.Time) time.Time {
	y, m, d := at.Date()
	sinceMonday := (int(at.Weekday()) + 6) % 7
	day := (int(w.Day) + 6) % 7
	// The clock as written on that day, whatever a change of the clocks
	// did to the day's length.
	return time.Date(y, m, d-sinceMonday+day, int(w.Clock/time.Hour), int(w.Clock%time.Hour/time.Minute), 0, 0, at.Location())
}

// chartAtSetting is the admin's setting of the weekly chart's time.
var chartAtSetting = Setting{
	Key: "chartAt",
	Get: func(s *Settings) string {
		if s.ChartAt == "" {
			return DefaultChartAt
		}
		return s.ChartAt
	},
	Set: func(s *Settings, v string) error {
		v = strings.ToLower(strings.Join(strings.Fields(v), " "))
		if _, ok := ParseWeekTime(v); !ok && v != ChartOff {
			return errorf(ErrInvalid, "err.bad_chart_at")
		}
		s.ChartAt = v
		return nil
	},
}
