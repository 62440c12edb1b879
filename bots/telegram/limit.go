package telegram

import (
	"context"
	"sync"
	"time"
)

// limiter paces sends: per chat, and overall. Each pace is a virtual
// schedule (GCRA): a send is due at the chat's next slot, which moves on
// by Every; up to Burst sends may come early. A send takes a slot in its
// chat and one overall, and waits for the later of the two.
type limiter struct {
	limits Limits
	now    func() time.Time

	mu      sync.Mutex
	overall time.Time
	chats   map[string]time.Time
}

func newLimiter(l Limits) *limiter {
	return &limiter{limits: l, now: time.Now, chats: map[string]time.Time{}}
}

// maxIdleChats bounds the chats remembered; past it, those whose schedule
// is in the past (the idle ones) are forgotten.
const maxIdleChats = 1000

// wait blocks until chat may be sent another message.
func (l *limiter) wait(ctx context.Context, chat chatID) error {
	d := l.reserve(chat)
	if d <= 0 {
		return ctx.Err()
	}
	if !sleep(ctx, d) {
		return ctx.Err()
	}
	return nil
}

// delay is how long a send to chat would wait now, without taking a slot.
func (l *limiter) delay(chat chatID) time.Duration {
	rate := l.limits.Chat
	if chat.group() {
		rate = l.limits.Group
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	at := later(earliest(l.chats[chat.key()], rate, now), earliest(l.overall, l.limits.Overall, now))
	return at.Sub(now)
}

// reserve takes the next slot of chat and returns how long until it.
func (l *limiter) reserve(chat chatID) time.Duration {
	rate := l.limits.Chat
	if chat.group() {
		rate = l.limits.Group
	}
	key := chat.key()
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.chats) > maxIdleChats {
		for k, t := range l.chats {
			if t.Before(now) {
				delete(l.chats, k)
			}
		}
	}
	at := later(earliest(l.chats[key], rate, now), earliest(l.overall, l.limits.Overall, now))
	l.chats[key] = later(l.chats[key], at).Add(rate.Every)
	l.overall = later(l.overall, at).Add(l.limits.Overall.Every)
	return at.Sub(now)
}

// earliest is when a schedule next allows a send: its next slot, less the
// burst it may run ahead, and never in the past.
func earliest(next time.Time, r Rate, now time.Time) time.Time {
	at := next.Add(-time.Duration(r.Burst-1) * r.Every)
	return later(at, now)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// pause holds chat back for d, after Telegram asked the bot to wait.
func (l *limiter) pause(chat chatID, d time.Duration) {
	rate := l.limits.Chat
	if chat.group() {
		rate = l.limits.Group
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	// The next send is due at now+d with no burst left.
	until := l.now().Add(d).Add(time.Duration(rate.Burst-1) * rate.Every)
	l.chats[chat.key()] = later(l.chats[chat.key()], until)
}
