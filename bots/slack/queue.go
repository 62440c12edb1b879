package slack

import (
	"context"
	"log/slog"
	"sync"
)

// Queue sizes. A lane holds one channel's events (in a shared channel,
// one person's) waiting in order; a person cannot usefully queue more than
// a few dozen, so a longer lane is a flood and its excess is dropped.
// parallel bounds how many events are handled at once, to spare the
// database and Slack's rate limits.
const (
	maxLane  = 100
	parallel = 32
)

// queue handles the events of one lane in order and different lanes in
// parallel. Events are acknowledged to Slack as soon as they are queued,
// within Slack's three seconds, and handled after. A lane's goroutine
// lives only while the lane has work.
type queue struct {
	ctx    context.Context
	handle func(ctx context.Context, ev *event)
	log    *slog.Logger

	mu     sync.Mutex
	lanes  map[string][]*event
	closed bool
	wg     sync.WaitGroup
	slots  chan struct{}
}

func newQueue(ctx context.Context, handle func(context.Context, *event), log *slog.Logger) *queue {
	return &queue{ctx: ctx, handle: handle, log: log, lanes: map[string][]*event{}, slots: make(chan struct{}, parallel)}
}

// pushResult says what became of a pushed event.
type pushResult int

const (
	queued pushResult = iota
	full              // a flood: dropped
	closed            // shutting down: Slack should deliver it again later
)

// push queues ev behind the earlier events of its lane.
func (q *queue) push(ev *event) pushResult {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return closed
	}
	waiting, busy := q.lanes[ev.lane]
	if len(waiting) >= maxLane {
		q.log.Warn("slack: too many events waiting in one channel, dropped", "lane", ev.lane)
		return full
	}
	q.lanes[ev.lane] = append(waiting, ev)
	if !busy {
		q.wg.Add(1)
		go q.drain(ev.lane)
	}
	return queued
}

// drain handles a lane's events one after the other and removes the lane
// when it is empty.
func (q *queue) drain(lane string) {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		waiting := q.lanes[lane]
		if len(waiting) == 0 {
			delete(q.lanes, lane)
			q.mu.Unlock()
			return
		}
		ev := waiting[0]
		waiting[0] = nil
		q.lanes[lane] = waiting[1:]
		q.mu.Unlock()

		if q.ctx.Err() != nil {
			q.log.Warn("slack: event dropped at shutdown", "lane", lane, "kind", ev.what())
			continue
		}
		q.slots <- struct{}{}
		q.handle(q.ctx, ev)
		<-q.slots
	}
}

// close refuses new events and waits for the queued ones. It returns how
// many were left when the queue's context ended first.
func (q *queue) close() int {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	done := make(chan struct{})
	go func() { q.wg.Wait(); close(done) }()
	select {
	case <-done:
		return 0
	case <-q.ctx.Done():
		left := 0
		q.mu.Lock()
		for _, l := range q.lanes {
			left += len(l)
		}
		q.mu.Unlock()
		<-done
		return left
	}
}

// idle reports whether nothing is queued or being handled.
func (q *queue) idle() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.lanes) == 0
}
