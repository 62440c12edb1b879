package edge

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/pace"
)

// Once lets an adapter's Run start once: its queues and connections are
// not made to be started twice. The zero value is ready.
type Once struct {
	mu  sync.Mutex
	ran bool
}

// Start reports an error, named after the adapter, from the second call
// on.
func (o *Once) Start(name string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ran {
		return errors.New(name + ": Run called twice")
	}
	o.ran = true
	return nil
}

// Retry calls try until it succeeds, and returns nil. A failure is
// logged as msg and tried again after a second, then after twice as long
// each time, up to a minute: a platform that is down for a while is not
// hammered. An error for which fatal reports true (a refused token) is
// returned at once; the end of ctx ends the retries with nil.
func Retry(ctx context.Context, log *slog.Logger, msg string, try func(context.Context) error, fatal func(error) bool) error {
	for wait := time.Second; ; wait = min(2*wait, time.Minute) {
		err := try(ctx)
		if err == nil {
			return nil
		}
		if fatal(err) {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		log.Warn(msg, "in", wait, "err", err)
		if !pace.Sleep(ctx, wait) {
			return nil
		}
	}
}
