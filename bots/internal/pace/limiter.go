package pace

import (
	"context"
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
type Limiter struct {
	overall Rate // zero: no bound across keys
	// Now is the clock; tests set it.
	Now func() time.Time

	mu   sync.Mutex
	next time.Time // the overall schedule
	keys map[string]time.Time
}

// New returns a limiter that also bounds all keys together by overall;
// the zero Rate bounds each key alone.
func New(overall Rate) *Limiter {
	return &Limiter{overall: overall, Now: time.Now, keys: map[string]time.Time{}}
}

// maxIdleKeys bounds the keys remembered; past it, those whose schedule
// is in the past (the idle ones) are forgotten.
const maxIdleKeys = 1000

// Wait blocks until key may be written to again at rate r, or ctx ends.
func (l *Limiter) Wait(ctx context.Context, key string, r Rate) error {
	if d := l.Reserve(key, r); d > 0 && !Sleep(ctx, d) {
		return ctx.Err()
	}
	return ctx.Err()
}

// Delay is how long a write to key would wait now, without taking a slot.
func (l *Limiter) Delay(key string, r Rate) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	return l.due(key, r, now).Sub(now)
}

// Reserve takes key's next slot and returns how long until it.
func (l *Limiter) Reserve(key string, r Rate) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	if len(l.keys) > maxIdleKeys {
		for k, t := range l.keys {
			if t.Before(now) {
				delete(l.keys, k)
			}
		}
	}
	at := l.due(key, r, now)
	l.keys[key] = later(l.keys[key], at).Add(r.Every)
	if l.overall.Every > 0 {
		l.next = later(l.next, at).Add(l.overall.Every)
	}
	return at.Sub(now)
}

// due is when a write to key may go, with l.mu held.
func (l *Limiter) due(key string, r Rate, now time.Time) time.Time {
	at := earliest(l.keys[key], r, now)
	if l.overall.Every > 0 {
		at = later(at, earliest(l.next, l.overall, now))
	}
	return at
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
