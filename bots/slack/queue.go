package slack

import (
	"context"
	"log/slog"

	"github.com/repairdesk/repairdesk/bots/internal/lanes"
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
	lanes *lanes.Queue[*event]
	log   *slog.Logger
}

func newQueue(ctx context.Context, handle func(context.Context, *event), log *slog.Logger) *queue {
	return &queue{log: log, lanes: lanes.New(ctx, handle, lanes.Options[*event]{
		Slots:   parallel,
		MaxLane: maxLane,
		Skipped: func(lane string, ev *event) {
			log.Warn("slack: event dropped at shutdown", "lane", lane, "kind", ev.what())
		},
	})}
}

// pushResult says what became of a pushed event.
type pushResult = lanes.Result

const (
	queued = lanes.Queued
	full   = lanes.Full   // a flood: dropped
	closed = lanes.Closed // shutting down: Slack should deliver it again later
)

// push queues ev behind the earlier events of its lane.
func (q *queue) push(ev *event) pushResult {
	r := q.lanes.Push(ev.lane, ev)
	if r == full {
		q.log.Warn("slack: too many events waiting in one channel, dropped", "lane", ev.lane)
	}
	return r
}

// close refuses new events and waits for the queued ones. It returns how
// many were left when the queue's context ended first.
func (q *queue) close() int { return q.lanes.Close() }

// idle reports whether nothing is queued or being handled.
func (q *queue) idle() bool { return q.lanes.Idle() }
