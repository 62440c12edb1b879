package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// JobChart sends the supervisors' weekly chart.
const JobChart = "chart"

// WithChart sets how the weekly chart reaches the supervisors. Without it
// there is no chart job. Like the digest's hook, an error means "not
// delivered": the next tick tries again, later attempts further apart.
//
// key names the week's chart ("chart:2026-W10"): a deliverer that reaches
// several places marks each done under it, so that a retry after a
// partial failure repeats nothing.
func WithChart(f func(ctx context.Context, key string, w desk.Week) error) Option {
	return func(s *Scheduler) { s.chart = f }
}

// sendChart delivers the weekly chart once a week, at the first tick at or
// after Settings.ChartAt (a weekday and time) in the desk's time zone. It
// shows the seven whole days before the day it is due.
//
// It works as sendDigest does, for the same reasons: checked at every
// tick (the time is a setting), the week marked done in the seen store
// only after the hook succeeded, retries backing off. A desk that never
// had a ticket gets no chart, until its first ticket: a new desk's first
// chart comes the week it starts work, not a week later. Asking costs an
// empty desk next to nothing.
func (s *Scheduler) sendChart(ctx context.Context, at time.Time) error {
	st, err := s.svc.Settings(ctx)
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	when, on := st.WeeklyChart()
	if !on {
		return nil
	}
	local := at.In(st.Location())
	due := when.DueIn(local)
	if local.Before(due) {
		return nil
	}
	year, week := due.ISOWeek()
	key := fmt.Sprintf("chart:%04d-W%02d", year, week)
	done, err := s.store.Seen(ctx, key)
	if err != nil {
		return fmt.Errorf("chart of %s: %w", key, err)
	}
	tick := at.Truncate(s.tick)
	if done || !s.chartRetry.ready(key, tick) {
		return nil
	}
	y, m, d := due.Date()
	w, err := s.svc.WeekSummary(ctx, time.Date(y, m, d, 0, 0, 0, 0, due.Location()))
	if err != nil {
		return fmt.Errorf("chart: the week's figures: %w", err)
	}
	if w.Total == 0 {
		return nil
	}
	if err := s.chart(ctx, key, w); err != nil {
		s.chartRetry.failed(tick, s.tick)
		return fmt.Errorf("chart: deliver: %w", err)
	}
	if _, err := s.store.FirstTime(ctx, key); err != nil {
		return fmt.Errorf("chart: mark %s done: %w", key, err)
	}
	return nil
}
