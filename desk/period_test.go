package desk_test

import (
	"errors"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

func TestParsePeriod(t *testing.T) {
	// Wednesday 4 November 2026, 10:30 in Shanghai.
	now := time.Date(2026, 11, 4, 10, 30, 0, 0, shanghai)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, shanghai) }
	for _, c := range []struct {
		arg      string
		kind     string
		from, to time.Time
	}{
		{"", desk.PeriodToday, day(11, 4), day(11, 5)},
		{"today", desk.PeriodToday, day(11, 4), day(11, 5)},
		{"week", desk.PeriodWeek, day(11, 2), day(11, 9)},
		{"month", desk.PeriodMonth, day(11, 1), day(12, 1)},
		{"30d", desk.Period30Days, day(10, 6), day(11, 5)},
		{"2026-10-01 2026-10-31", desk.PeriodRange, day(10, 1), day(11, 1)},
		{"2026-10-31..2026-10-01", desk.PeriodRange, day(10, 1), day(11, 1)},
		{"2026-10-01 ~ 2026-10-02", desk.PeriodRange, day(10, 1), day(10, 3)},
		{"2026-10-01 至 2026-10-01", desk.PeriodRange, day(10, 1), day(10, 2)},
	} {
		t.Run(c.arg, func(t *testing.T) {
			p, err := desk.ParsePeriod(c.arg, now, shanghai)
			if err != nil || p.Kind != c.kind || !p.From.Equal(c.from) || !p.To.Equal(c.to) {
				t.Fatalf("got %+v, %v; want %s %v – %v", p, err, c.kind, c.from, c.to)
			}
		})
	}
	for _, bad := range []string{"yesterday", "2026-10-01", "2026-13-01 2026-13-02", "2024-01-01 2026-01-01", `{"$gt": ""}`} {
		t.Run("bad/"+bad, func(t *testing.T) {
			if _, err := desk.ParsePeriod(bad, now, shanghai); !errors.Is(err, desk.ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
		})
	}
}
