package pace

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Rate allows one write every Every, after a burst of Burst.
type Rate struct {
	Every time.Duration
	Burst int
}

// Limiter paces writes per key, and overall when it has an overall rate.
// Its methods may be called from any goroutine.
//
// A write first waits for its key's slot, which it reserves at once, so
// that the writes to one key keep their order. Then, with an overall
// rate, it queues for an overall slot, which is given out only when it is
// due, to the first in the queue: answers to people (Reply) go before
// broadcasts, the person who has waited longest first, but a broadcast
// that has waited BroadcastGrace goes before the answers to people who
// began to wait after that, so that a steady stream of answers cannot
// hold a dispatch post back for ever. A slot is never
// reserved ahead for a write whose key is not due yet, which would leave
// the overall rate unused meanwhile.
type Limiter struct {
	overall Rate // zero: no bound across keys
	// Now is the clock; tests set it.
	Now func() time.Time
	// BroadcastGrace is how long answers to people may keep a broadcast
	// waiting: past it, it takes its turn as an answer would.
	BroadcastGrace time.Duration

	mu    sync.Mutex
	next  time.Time // the overall schedule
	keys  map[string]time.Time
	queue []*waiter   // for an overall slot, in the order they get one
	timer *time.Timer // set while the queue waits for the next slot
	seq   uint64
}

// waiter is a write queued for an overall slot.
type waiter struct {
	// turn orders the queue: for a reply, when the person began to wait;
	// for a broadcast, when it came plus the grace, as if a person had
	// begun to wait then. It never changes, so the queue stays sorted.
	turn    time.Time
	seq     uint64
	ready   chan struct{} // closed when the slot is given
	granted bool
}

// before orders the queue by turn, then in the order they came.
func (w *waiter) before(o *waiter) bool {
	if !w.turn.Equal(o.turn) {
		return w.turn.Before(o.turn)
	}
	return w.seq < o.seq
}

// DefaultBroadcastGrace is the BroadcastGrace of a new Limiter: at 30
// messages a second, 300 answers go first, a rush of people; a dispatch
// post is still out in seconds.
const DefaultBroadcastGrace = 10 * time.Second

// New returns a limiter that also bounds all keys together by overall;
// the zero Rate bounds each key alone.
func New(overall Rate) *Limiter {
	return &Limiter{overall: overall, Now: time.Now, BroadcastGrace: DefaultBroadcastGrace, keys: map[string]time.Time{}}
}

// maxIdleKeys bounds the keys remembered; past it, those whose schedule
// is in the past (the idle ones) are forgotten.
const maxIdleKeys = 1000

type replyKey struct{}

// Reply marks ctx as that of an answer to a person who has been waiting
// since then: its writes take an overall slot before any broadcast's
// (digests, reminders, notices to groups) and before the answers to
// people who came later. The writes of one answer keep the place of its
// first, so that a person is not sent to the back of the queue between
// the messages of one answer.
func Reply(ctx context.Context, since time.Time) context.Context {
	return context.WithValue(ctx, replyKey{}, since)
}

// Wait blocks until key may be written to again at rate r, and an
// overall slot is free, or ctx ends.
func (l *Limiter) Wait(ctx context.Context, key string, r Rate) error {
	l.mu.Lock()
	now := l.Now()
	if len(l.keys) > maxIdleKeys {
		for k, t := range l.keys {
			if t.Before(now) {
				delete(l.keys, k)
			}
		}
	}
	at := earliest(l.keys[key], r, now)
	l.keys[key] = later(l.keys[key], at).Add(r.Every)
	l.mu.Unlock()
	if d := at.Sub(now); d > 0 && !Sleep(ctx, d) {
		return ctx.Err()
	}
	if ctx.Err() != nil || l.overall.Every <= 0 {
		return ctx.Err()
	}
	return l.slot(ctx)
}

// slot queues for an overall slot and waits for it.
func (l *Limiter) slot(ctx context.Context) error {
	w := &waiter{ready: make(chan struct{})}
	l.mu.Lock()
	if since, reply := ctx.Value(replyKey{}).(time.Time); reply {
		w.turn = since
	} else {
		w.turn = l.Now().Add(l.BroadcastGrace)
	}
	l.seq++
	w.seq = l.seq
	i, _ := slices.BinarySearchFunc(l.queue, w, func(a, b *waiter) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
	l.queue = slices.Insert(l.queue, i, w)
	l.grant()
	l.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !w.granted {
		l.queue = slices.DeleteFunc(l.queue, func(o *waiter) bool { return o == w })
	}
	return ctx.Err()
}

// grant gives out the overall slots that are due, in the queue's order,
// and sets a timer for the next one. l.mu is held.
func (l *Limiter) grant() {
	now := l.Now()
	for len(l.queue) > 0 {
		at := earliest(l.next, l.overall, now)
		if at.After(now) {
			if l.timer == nil {
				l.timer = time.AfterFunc(at.Sub(now), func() {
					l.mu.Lock()
					defer l.mu.Unlock()
					l.timer = nil
					l.grant()
				})
			}
			return
		}
		w := l.queue[0]
		l.queue[0] = nil
		l.queue = l.queue[1:]
		w.granted = true
		close(w.ready)
		l.next = later(l.next, now).Add(l.overall.Every)
	}
}

// Delay is how long a write to key would wait now, without taking a slot:
// for its key, and for the overall schedule, not counting the writes
// queued before it.
func (l *Limiter) Delay(key string, r Rate) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	at := earliest(l.keys[key], r, now)
	if l.overall.Every > 0 {
		at = later(at, earliest(l.next, l.overall, now))
	}
	return at.Sub(now)
}

// Backlog is how long the writes queued for an overall slot now will take
// to go out at the overall rate: zero without an overall rate, or with
// nobody waiting. A write asked for now goes out no sooner than that,
// unless it is an answer to someone who has waited longer.
func (l *Limiter) Backlog() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return time.Duration(len(l.queue)) * l.overall.Every
}

// Pause holds key back for d, after the platform asked the bot to wait,
// with no burst left after it.
func (l *Limiter) Pause(key string, r Rate, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	until := l.Now().Add(d).Add(time.Duration(r.Burst-1) * r.Every)
	l.keys[key] = later(l.keys[key], until)
}

// earliest is when a schedule next allows a write: its next slot, less
// the burst it may run ahead, and never in the past.
func earliest(next time.Time, r Rate, now time.Time) time.Time {
	return later(next.Add(-time.Duration(r.Burst-1)*r.Every), now)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Sleep waits d or until ctx ends; it reports whether d passed.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
