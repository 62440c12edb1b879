package scheduler_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/scheduler"
)

// charts records the weekly charts delivered, failing while fail is set.
type charts struct {
	keys  []string
	weeks []desk.Week
	fail  bool
}

func (c *charts) send(_ context.Context, key string, w desk.Week) error {
	if c.fail {
		return errors.New("chat API down")
	}
	c.keys, c.weeks = append(c.keys, key), append(c.weeks, w)
	return nil
}

// The weekly chart goes out once a week, at the first tick at or after
// the configured weekday and time, with the seven days before that day;
// a failed delivery is tried again.
func TestWeeklyChart(t *testing.T) {
	c := &charts{}
	f := newFixture(t, scheduler.WithChart(c.send))
	f.settings(func(s *desk.Settings) { s.ChartAt = "wed 17:30" })
	// base is Monday 2 March 2026, 10:00: the tickets fall in the week
	// the first chart shows.
	f.report(desk.Window{})
	expect := func(when string, n int) {
		t.Helper()
		if len(c.weeks) != n {
			t.Fatalf("%s: %d charts delivered, want %d", when, len(c.weeks), n)
		}
	}
	wed := func(week, h, m int) time.Time { return time.Date(2026, 3, 4+7*week, h, m, 0, 0, shanghai) }

	f.tick(scheduler.JobChart, wed(0, 17, 29))
	expect("Wednesday 17:29", 0)
	f.tick(scheduler.JobChart, wed(0, 17, 30))
	expect("Wednesday 17:30", 1)
	if got, want := c.keys[0], "chart:2026-W10"; got != want {
		t.Errorf("key %s, want %s", got, want)
	}
	w := c.weeks[0]
	if first, last := w.Days[0].Date, w.Days[6].Date; !first.Equal(time.Date(2026, 2, 25, 0, 0, 0, 0, shanghai)) || !last.Equal(time.Date(2026, 3, 3, 0, 0, 0, 0, shanghai)) {
		t.Errorf("the chart shows %s to %s, want the seven days before Wednesday", first, last)
	}
	if w.Days[5].Opened != 1 || w.Days[6].Backlog != 1 {
		t.Errorf("the ticket reported on Monday is not in the chart: %+v", w.Days)
	}
	// The rest of the week, and the next one until its time.
	for _, at := range []time.Time{wed(0, 17, 31), wed(0, 23, 59), wed(1, 9, 0).AddDate(0, 0, -2), wed(1, 17, 29)} {
		f.tick(scheduler.JobChart, at)
	}
	expect("the rest of the week", 1)

	// The next week's delivery fails once, and is tried again.
	c.fail = true
	f.at(wed(1, 17, 30))
	if ran, err := f.sched.Tick(f.ctx, scheduler.JobChart, wed(1, 17, 30)); !ran || err == nil {
		t.Fatalf("failed delivery: ran %v, err %v; want a run with an error", ran, err)
	}
	c.fail = false
	f.tick(scheduler.JobChart, wed(1, 17, 31))
	expect("the retry", 2)
	f.tick(scheduler.JobChart, wed(1, 17, 32))
	expect("after the retry", 2)

	// Turned off, no chart.
	f.settings(func(s *desk.Settings) { s.ChartAt = desk.ChartOff })
	f.tick(scheduler.JobChart, wed(2, 17, 30))
	expect("turned off", 2)
}

// A desk that never had a ticket gets no chart, until its first ticket.
func TestNoChartForAnEmptyDesk(t *testing.T) {
	c := &charts{}
	f := newFixture(t, scheduler.WithChart(c.send))
	monday := time.Date(2026, 3, 9, 9, 0, 0, 0, shanghai) // the default time
	f.tick(scheduler.JobChart, monday.Add(-time.Minute))
	f.tick(scheduler.JobChart, monday)
	f.tick(scheduler.JobChart, monday.Add(time.Minute))
	if len(c.weeks) != 0 {
		t.Fatalf("%d charts for a desk without tickets", len(c.weeks))
	}
	f.at(monday.Add(2 * time.Minute))
	f.report(desk.Window{})
	f.tick(scheduler.JobChart, monday.Add(3*time.Minute))
	f.tick(scheduler.JobChart, monday.Add(4*time.Minute))
	if len(c.weeks) != 1 {
		t.Fatalf("%d charts after the first ticket, want 1", len(c.weeks))
	}
}
