package telegram

import (
	"context"
	"sync"

	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/talk"
)

// busy tells people, once each while the store cannot keep their inputs,
// that the desk is busy and their message waits: Telegram keeps an update
// until the poll confirms it, and the poll does not move past one that is
// not kept, so it is answered when the store is back. Without this word
// they would hear nothing for as long as the outage lasts.
type busy struct {
	mu   sync.Mutex
	told map[int64]bool
}

// tell says it to the person of u, unless they were told in this outage.
func (s *busy) tell(ctx context.Context, b *Bot, u *models.Update) {
	ev, ok := read(u, b.username())
	if !ok {
		return
	}
	s.mu.Lock()
	if s.told == nil {
		s.told = map[int64]bool{}
	}
	first := !s.told[ev.from]
	s.told[ev.from] = true
	s.mu.Unlock()
	if !first {
		return
	}
	text := say(ev.lang(), "busy_kept")
	if ev.callback != "" {
		b.answer(ctx, ev, text)
	}
	if err := b.deliver(ctx, ev.private(), []talk.Message{{Text: text}}, 0); err != nil {
		b.log.Debug("telegram: busy notice not delivered", "account", ev.in.Account, "err", err)
	}
}

// over ends the outage: the store keeps inputs again.
func (s *busy) over() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.told)
}
