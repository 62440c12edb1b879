package edge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/pace"
)

// once lets an adapter's Run start once: its inbox and connections are
// not made to be started twice. The zero value is ready.
type once struct {
	mu  sync.Mutex
	ran bool
}

// start reports an error, named after the adapter, from the second call
// on.
func (o *once) start(name string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ran {
		return errors.New(name + ": Run called twice")
	}
	o.ran = true
	return nil
}

// shutdownGrace is how long inputs already taken from the platform may
// still be handled after Run's context ends.
const shutdownGrace = 10 * time.Second

// Run is an adapter's Run, once only: it reaches the platform with hello,
// retried while the platform cannot be reached (Retry) but not when
// refused says it refused the bot's token; then, unless ctx ended
// meanwhile, it queues what the last run kept and left (Resume) and
// serves the platform's inputs with serve until ctx ends.
// On its way out it closes the inbox, giving the inputs already taken a
// grace period to be answered.
func (b *Inbox[T]) Run(ctx context.Context, hello func(context.Context) error, refused func(error) bool,
	serve func(context.Context) error) error {
	if err := b.once.start(b.name); err != nil {
		return err
	}
	defer b.Close(shutdownGrace)
	if err := Retry(ctx, b.log, b.name+": cannot reach the platform, retrying", hello, refused); err != nil {
		return fmt.Errorf("%s: the bot token was refused: %w", b.name, err)
	}
	if ctx.Err() != nil {
		return nil
	}
	if err := b.Resume(ctx); err != nil {
		// They stay kept, for the next start.
		b.log.Error("cannot read what the last run left", "err", err)
	}
	return serve(ctx)
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
