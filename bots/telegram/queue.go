package telegram

import (
	"context"
	"log/slog"

	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/internal/lanes"
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
// parallel: the library hands over each update in a goroutine of its own,
// and a chat's answers must follow the order of its inputs. An idle chat
// costs nothing.
type queue struct {
	lanes *lanes.Queue[*models.Update]
	log   *slog.Logger
}

func newQueue(ctx context.Context, handle func(context.Context, *models.Update), log *slog.Logger) *queue {
	return &queue{log: log, lanes: lanes.New(ctx, handle, lanes.Options[*models.Update]{
		Slots:   parallel,
		MaxLane: maxLane,
		// Shutting down past the grace period: counted, not handled.
		Skipped: func(chat string, u *models.Update) {
			log.Warn("telegram: update dropped at shutdown", "chat", chat, "update", u.ID)
		},
	})}
}

// push queues u behind the earlier updates of key. It reports false when
// the queue is closed or the lane is full.
func (q *queue) push(key string, u *models.Update) bool {
	switch q.lanes.Push(key, u) {
	case lanes.Queued:
		return true
	case lanes.Full:
		q.log.Warn("telegram: too many updates waiting in one chat, dropped", "chat", key, "update", u.ID)
	}
	return false
}

// close refuses new updates and waits for the queued ones. It returns how
// many were dropped because the queue's context ended first.
func (q *queue) close() int { return q.lanes.Close() }

// idle reports whether nothing is queued or being handled (tests).
func (q *queue) idle() bool { return q.lanes.Idle() }
