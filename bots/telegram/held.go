package telegram

import (
	"context"
	"sync"

	"github.com/repairdesk/repairdesk/talk"
)

// held keeps the answers to presses made in a group by people who have
// not started a private chat with the bot (or blocked it), which Telegram
// would not let the bot send. They are delivered after the person's next
// message in private, typically the Start the toast asked for. They live
// in memory: after a restart the person still has /jobs and /mine.
type held struct {
	mu     sync.Mutex
	byUser map[int64][]talk.Message
}

// maxHeld bounds what one person's held answers may grow to.
const maxHeld = 20

func (b *Bot) holdForStart(ev *event, msgs []talk.Message) {
	if len(msgs) == 0 {
		return
	}
	b.held.mu.Lock()
	defer b.held.mu.Unlock()
	if b.held.byUser == nil {
		b.held.byUser = map[int64][]talk.Message{}
	}
	kept := append(b.held.byUser[ev.from], msgs...)
	b.held.byUser[ev.from] = kept[max(0, len(kept)-maxHeld):]
}

// deliverHeld sends what was held for the person of ev, now that they
// wrote to the bot in private.
func (b *Bot) deliverHeld(ctx context.Context, ev *event) {
	if ev.in.Group {
		return
	}
	b.held.mu.Lock()
	msgs := b.held.byUser[ev.from]
	delete(b.held.byUser, ev.from)
	b.held.mu.Unlock()
	if len(msgs) == 0 {
		return
	}
	if err := b.deliver(ctx, ev.private(), msgs, 0); err != nil {
		b.log.Warn("telegram: held answers not delivered", "account", ev.in.Account, "err", err)
	}
}
