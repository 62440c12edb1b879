package desk

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Report opens a new ticket for actor. It refuses when the person has
// reached the hourly limit of reports.
func (s *Service) Report(ctx context.Context, actor *User, r Report) (*Ticket, error) {
	return s.ReportOnce(ctx, actor, r, "")
}

// ReportOnce is Report keyed by the work that files it (a dialogue's
// Submit, a form): asked again with the same key, after a crash between
// filing and recording that it was filed, it returns the ticket the first
// call opened instead of opening a second. An empty key opens a ticket at
// every call.
func (s *Service) ReportOnce(ctx context.Context, actor *User, r Report, key string) (*Ticket, error) {
	return s.report(ctx, actor, r, key, nil)
}

// reserved returns the number reserved for actor's report keyed key, and
// the ticket filed under it already (the report repeated after a crash),
// if there is one.
func (s *Service) reserved(ctx context.Context, actor *User, key string) (int64, *Ticket, error) {
	n, fresh, err := s.tickets.NumberFor(ctx, actor.ID+"|"+key)
	if err != nil || fresh {
		return n, nil, err // a number reserved just now: nothing is filed under it
	}
	t, err := s.tickets.Get(ctx, strconv.FormatInt(n, 10))
	switch {
	case err == nil && t.Requester.ID != actor.ID:
		return 0, nil, fmt.Errorf("report %s: number %d belongs to another person", key, n)
	case err == nil:
		return n, t, nil
	case errors.Is(err, ErrNotFound):
		return n, nil, nil
	}
	return 0, nil, err
}

// report is ReportOnce; mark, if set, adds to the new ticket before it
// owes its first notice (ReportUrgent).
func (s *Service) report(ctx context.Context, actor *User, r Report, key string, mark func(*Ticket)) (*Ticket, error) {
	var n int64
	if key != "" {
		var filed *Ticket
		var err error
		if n, filed, err = s.reserved(ctx, actor, key); err != nil || filed != nil {
			return filed, err
		}
	}
	cat, err := s.config.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if r, err = CleanReport(r, cat, now); err != nil {
		return nil, err
	}
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return nil, err
	}
	// Every read comes before the limit is counted, so that one that
	// fails leaves nothing counted for a report that was not filed.
	queue, err := s.routeOf(ctx, r)
	if err != nil {
		return nil, err
	}
	// The limit is counted on the user record and written with a
	// conditional update before the ticket exists, so two reports sent at
	// once cannot both slip under it.
	if err := s.countReport(ctx, actor.ID, now, settings.ReportsPerHour, n); err != nil {
		return nil, err
	}
	if n == 0 {
		if n, err = s.tickets.NextNumber(ctx); err != nil {
			return nil, err
		}
	}
	by := Person{ID: actor.ID, Name: actor.Name}
	t := &Ticket{
		ID: strconv.FormatInt(n, 10), Number: n, State: Pending, Version: 1,
		Requester: by, Report: r, Queue: queue, CreatedAt: now, UpdatedAt: now,
		History: []Event{{Action: ActCreate, By: by, At: now}},
	}
	if mark != nil {
		mark(t)
	}
	t.notify(KindOf(ActCreate), ToDispatch, Person{}, by, "", now)
	if err := s.tickets.Create(ctx, t); err != nil {
		if errors.Is(err, ErrConflict) && key != "" {
			// The same work, run twice at once: the first made it.
			return s.tickets.Get(ctx, t.ID)
		}
		return nil, err
	}
	if s.Changed != nil {
		s.Changed()
	}
	return t, nil
}

// CanReport tells a person before they start a report that they have
// reached the hourly limit, rather than after filling it in. Report checks
// again, and that check is the one that holds.
func (s *Service) CanReport(ctx context.Context, actor *User) error {
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return err
	}
	now := s.Now()
	var recent []time.Time
	for _, at := range actor.Reports {
		if now.Sub(at) < time.Hour {
			recent = append(recent, at)
		}
	}
	if limit := settings.ReportsPerHour; limit > 0 && len(recent) >= limit {
		return errorf(ErrTooSoon, "err.report_limit", limit, recent[0].Add(time.Hour).Sub(now))
	}
	return nil
}

// countReport records a report against the hourly limit. number is the
// ticket number a keyed report has reserved (0 for none): a report killed
// between being counted and being filed comes back with the same number,
// and is not counted a second time.
func (s *Service) countReport(ctx context.Context, userID string, now time.Time, limit int, number int64) error {
	for range updateRetries {
		u, err := s.users.User(ctx, userID)
		if err != nil {
			return err
		}
		if number != 0 && u.CountedReport == number {
			return nil
		}
		recent := u.Reports[:0:0]
		for _, at := range u.Reports {
			if now.Sub(at) < time.Hour {
				recent = append(recent, at)
			}
		}
		if limit > 0 && len(recent) >= limit {
			return errorf(ErrTooSoon, "err.report_limit", limit, recent[0].Add(time.Hour).Sub(now))
		}
		prev := u.Version
		u.Reports = append(recent, now)
		u.CountedReport = number
		u.Version++
		err = s.users.UpdateUser(ctx, u, prev)
		if errors.Is(err, ErrConflict) {
			continue
		}
		return err
	}
	return errorf(ErrConflict, "err.busy")
}
