package telegram

import (
	"context"
	"strings"
	"sync"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/desk"
)

// chatMenus remembers which menu each private chat was given in this
// process, so that Telegram is asked once per chat, role and language
// rather than at every message.
type chatMenus struct {
	mu  sync.Mutex
	set map[int64]string // private chat → menuKey of the menu set there
}

func (c *chatMenus) get(chat int64) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.set[chat]
	return k, ok
}

func (c *chatMenus) put(chat int64, key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set == nil {
		c.set = map[int64]string{}
	}
	c.set[chat] = key
}

// menuKey names a menu by its language and commands: two roles that may
// do the same things share one.
func menuKey(m Menu) string {
	var b strings.Builder
	b.WriteString(m.Lang)
	for _, c := range m.Commands {
		b.WriteString(" " + c[0])
	}
	return b.String()
}

// staffMenu gives a technician, supervisor or admin who writes in private
// a command menu of their own in that chat, in their language: the menus
// set at start are a requester's. Someone who lost their role gets the
// requester's commands back there. A failure is logged and tried again at
// their next message: the bot works without a menu.
func (b *Bot) staffMenu(ctx context.Context, ev *event) {
	if ev.in.Group || ev.from <= 0 {
		return
	}
	m, err := b.engine.Menu(ctx, ev.in.Account, ev.in.Lang)
	if err != nil {
		b.log.Debug("telegram: menu not read", "account", ev.in.Account, "err", err)
		return
	}
	key := menuKey(m)
	had, set := b.menus.get(ev.from)
	staff := m.Role != "" && m.Role != desk.RoleRequester
	if had == key || !staff && !set {
		return
	}
	_, err = b.api.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: commandMenu(m.Commands),
		Scope: &models.BotCommandScopeChat{ChatID: ev.from}})
	if err != nil {
		if ctx.Err() == nil {
			b.log.Warn("telegram: private command menu not set", "account", ev.in.Account, "err", err)
		}
		return
	}
	b.menus.put(ev.from, key)
}
