package edge

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// finishEvery is how long the inputs handled gather before the store is
// told of them all at once, and finishBatch how many gather at most: two
// writes for every batch, rather than two for each input. Each write is a
// commit the store syncs to disk, the dearest thing a step does after the
// session's own write; under Telegram's pace of thirty answers a second,
// finishing each tenth of a second cost a third of the desk's CPU per
// step. The delay costs nobody anything, as the answers are out already.
// A crash within it leaves those inputs kept, and the next start hands
// them over again as handled before: the desk knows them for that
// (talk.Input.Key) and does nothing twice, but gives each person whose
// input it was the last answer again, since it cannot know whether that
// answer went out. finishBatch bounds how many such answers a crash can
// repeat however busy the desk is.
const (
	finishEvery = time.Second
	finishBatch = 32
)

// finishRetry is how long after the store failed to finish inputs it is
// asked again: left kept, they would be handed over again at the next
// start, maybe days later, and answered again then.
const finishRetry = 5 * time.Second

// finishTimeout bounds one call to the store's Finish.
const finishTimeout = 10 * time.Second

// finisher gathers the keys of the inputs handled, or dropped unhandled,
// and hands them to the store's Finish together.
type finisher struct {
	store Store
	log   *slog.Logger
	noun  string

	mu               sync.Mutex
	handled, dropped []string

	wake      chan struct{}
	full      chan struct{} // finishBatch inputs have gathered
	stop      chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once
}

func newFinisher(store Store, log *slog.Logger, noun string) *finisher {
	f := &finisher{store: store, log: log, noun: noun,
		wake: make(chan struct{}, 1), full: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go f.run()
	return f
}

// add notes an input as handled, or as dropped unhandled.
func (f *finisher) add(key string, handled bool) {
	f.mu.Lock()
	if handled {
		f.handled = append(f.handled, key)
	} else {
		f.dropped = append(f.dropped, key)
	}
	full := len(f.handled)+len(f.dropped) >= finishBatch
	f.mu.Unlock()
	f.poke()
	if full {
		// gather checks the count again: a signal only wakes it.
		select {
		case f.full <- struct{}{}:
		default:
		}
	}
}

// run finishes what was added, finishEvery after the first of each
// gathering or once finishBatch have gathered, until close; then it
// finishes what is left. What the store failed to finish is tried again
// finishRetry later, with what gathered meanwhile.
func (f *finisher) run() {
	defer close(f.stopped)
	retrying := false
	for {
		select {
		case <-f.stop:
			f.flush()
			return
		default:
		}
		select {
		case <-f.wake:
		case <-f.stop:
			f.flush()
			return
		}
		f.gather(retrying)
		retrying = !f.flush()
		if retrying {
			f.poke()
		}
	}
}

// gather waits finishEvery, or until close, or until finishBatch inputs
// have gathered. Retrying after a failure, it waits out finishRetry
// whatever gathers, so that an outage of the store is not asked again at
// every input.
func (f *finisher) gather(retrying bool) {
	wait, full := finishEvery, f.full
	if retrying {
		wait, full = finishRetry, nil
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
			return
		case <-f.stop:
			return
		case <-full:
			// A signal may be left from a batch flushed since.
			if f.gathered() >= finishBatch {
				return
			}
		}
	}
}

// gathered is how many inputs wait to be finished.
func (f *finisher) gathered() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.handled) + len(f.dropped)
}

// poke wakes run, if it is not awake already.
func (f *finisher) poke() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// flush hands what gathered to the store, and reports whether the store
// took it. What it fails to finish goes back to be tried again; what is
// left unfinished at close stays kept, and is handed over again at the
// next start, as handled before.
func (f *finisher) flush() bool {
	f.mu.Lock()
	handled, dropped := f.handled, f.dropped
	f.handled, f.dropped = nil, nil
	f.mu.Unlock()
	if len(handled)+len(dropped) == 0 {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), finishTimeout)
	defer cancel()
	if err := f.store.Finish(ctx, handled, dropped); err != nil {
		f.log.Warn(f.noun+"s handled but not finished in the store; trying again", "count", len(handled)+len(dropped), "in", finishRetry, "err", err)
		f.mu.Lock()
		f.handled, f.dropped = append(handled, f.handled...), append(dropped, f.dropped...)
		f.mu.Unlock()
		return false
	}
	return true
}

// close finishes what is left and stops; calling it again does nothing.
func (f *finisher) close() {
	f.closeOnce.Do(func() { close(f.stop) })
	<-f.stopped
}
