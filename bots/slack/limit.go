package slack

import (
	"context"
	"sync"
	"time"
)

// limiter paces writes to each channel. Slack asks for about one message
// a second per channel, allows short bursts, and answers 429 to a bot
// that keeps going. Each channel has a virtual schedule (GCRA): a write
// is due at the channel's next slot, which moves on by Every; up to Burst
// writes may come early.
type limiter struct {
	pace Pace
	now  func() time.Time

	mu    sync.Mutex
	chans map[string]time.Time
}

func newLimiter(p Pace) *limiter {
	return &limiter{pace: p.withDefaults(), now: time.Now, chans: map[string]time.Time{}}
}

// maxIdleChannels bounds the channels remembered; past it, those whose
// schedule is in the past (the idle ones) are forgotten.
const maxIdleChannels = 1000

// wait blocks until channel may be written to again.
func (l *limiter) wait(ctx context.Context, channel string) error {
	if d := l.reserve(channel); d > 0 && !sleep(ctx, d) {
		return ctx.Err()
	}
	return ctx.Err()
}

// reserve takes the channel's next slot and returns how long until it.
func (l *limiter) reserve(channel string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.chans) > maxIdleChannels {
		for k, t := range l.chans {
			if t.Before(now) {
				delete(l.chans, k)
			}
		}
	}
	next := l.chans[channel]
	at := next.Add(-time.Duration(l.pace.Burst-1) * l.pace.Every)
	if at.Before(now) {
		at = now
	}
	if next.Before(at) {
		next = at
	}
	l.chans[channel] = next.Add(l.pace.Every)
	return at.Sub(now)
}

// pause holds channel back for d, after Slack asked the bot to wait,
// with no burst left after it.
func (l *limiter) pause(channel string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	until := l.now().Add(d).Add(time.Duration(l.pace.Burst-1) * l.pace.Every)
	if until.After(l.chans[channel]) {
		l.chans[channel] = until
	}
}
