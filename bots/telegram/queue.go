package telegram

import (
	"context"
	"log/slog"
	"sync"

	"github.com/go-telegram/bot/models"
)

// Queue sizes. A lane is one chat's (in a group, one person's) updates
// waiting in order; a person cannot usefully queue more than a few dozen
// inputs, so a longer lane is a flood and its excess is dropped. Parallel
// bounds how many updates are handled at once, to spare the database.
const (
	maxLane  = 100
	parallel = 32
)

// queue handles updates of one key in order and different keys in
// parallel. A lane's goroutine exists only while the lane has work: an
// idle chat costs nothing.
type queue struct {
	ctx    context.Context
	handle func(ctx context.Context, u *models.Update)
	log    *slog.Logger

	mu     sync.Mutex
	lanes  map[string]*lane
	closed bool
	wg     sync.WaitGroup
	slots  chan struct{}
}

type lane struct{ updates []*models.Update }

func newQueue(ctx context.Context, handle func(context.Context, *models.Update), log *slog.Logger) *queue {
	return &queue{ctx: ctx, handle: handle, log: log, lanes: map[string]*lane{}, slots: make(chan struct{}, parallel)}
}

// push queues u behind the earlier updates of key. It reports false when
// the queue is closed or the lane is full.
func (q *queue) push(key string, u *models.Update) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	if l := q.lanes[key]; l != nil {
		if len(l.updates) >= maxLane {
			q.log.Warn("telegram: too many updates waiting in one chat, dropped", "chat", key, "update", u.ID)
			return false
		}
		l.updates = append(l.updates, u)
		return true
	}
	l := &lane{updates: []*models.Update{u}}
	q.lanes[key] = l
	q.wg.Add(1)
	go q.drain(key, l)
	return true
}

// drain handles a lane's updates one after the other and removes the lane
// when it is empty.
func (q *queue) drain(key string, l *lane) {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		if len(l.updates) == 0 {
			delete(q.lanes, key)
			q.mu.Unlock()
			return
		}
		u := l.updates[0]
		l.updates[0] = nil
		l.updates = l.updates[1:]
		q.mu.Unlock()

		if q.ctx.Err() != nil {
			// Shutting down past the grace period: count, do not handle.
			q.log.Warn("telegram: update dropped at shutdown", "chat", key, "update", u.ID)
			continue
		}
		q.slots <- struct{}{}
		q.handle(q.ctx, u)
		<-q.slots
	}
}

// close refuses new updates and waits for the queued ones. It returns how
// many were dropped because the queue's context ended first.
func (q *queue) close() int {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	left := 0
	// Count what is dropped while waiting: drain logs each.
	done := make(chan struct{})
	go func() { q.wg.Wait(); close(done) }()
	select {
	case <-done:
		return 0
	case <-q.ctx.Done():
		q.mu.Lock()
		for _, l := range q.lanes {
			left += len(l.updates)
		}
		q.mu.Unlock()
		<-done
		return left
	}
}

// idle reports whether nothing is queued or being handled (tests).
func (q *queue) idle() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.lanes) == 0
}
