package desk_test

import (
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

func TestWeeklyChartTime(t *testing.T) {
	for _, tc := range []struct {
		name, chartAt string
		at            time.Time // a moment in the week asked about
		due           time.Time
		off           bool
	}{
		{name: "default", at: local(4, 15, 0), due: local(2, 9, 0)},
		{name: "monday-itself", chartAt: "mon 09:00", at: local(2, 8, 0), due: local(2, 9, 0)},
		{name: "sunday-belongs-to-the-week-before-monday", chartAt: "mon 09:00", at: local(8, 23, 0), due: local(2, 9, 0)},
		{name: "friday-evening", chartAt: "Fri 17:30", at: local(2, 0, 0), due: local(6, 17, 30)},
		{name: "sunday", chartAt: "sun 20:00", at: local(4, 0, 0), due: local(8, 20, 0)},
		{name: "off", chartAt: "off", off: true},
		{name: "unreadable", chartAt: "monday", off: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wt, on := desk.Settings{ChartAt: tc.chartAt}.WeeklyChart()
			if on == tc.off {
				t.Fatalf("WeeklyChart() on = %v, want %v", on, !tc.off)
			}
			if on {
				if got := wt.DueIn(tc.at); !got.Equal(tc.due) {
					t.Errorf("due %s, want %s", got, tc.due)
				}
			}
		})
	}
}

func TestChartAtSetting(t *testing.T) {
	s, _ := desk.SettingByKey("chartAt")
	st := desk.Settings{}
	if got := s.Get(&st); got != desk.DefaultChartAt {
		t.Errorf("an unset chartAt reads %q, want the default", got)
	}
	for _, tc := range []struct {
		value, want string // want "" for a value refused
	}{{"Tue  08:15", "tue 08:15"}, {"tue", ""}, {"tue 25:00", ""}, {"someday 08:00", ""}, {"OFF", "off"}} {
		before := st.ChartAt
		err := s.Set(&st, tc.value)
		switch {
		case tc.want == "" && (err == nil || st.ChartAt != before):
			t.Errorf("Set(%q) = %v, chartAt %q; want it refused", tc.value, err, st.ChartAt)
		case tc.want != "" && (err != nil || st.ChartAt != tc.want):
			t.Errorf("Set(%q) = %v, chartAt %q; want %q", tc.value, err, st.ChartAt, tc.want)
		}
	}
}
