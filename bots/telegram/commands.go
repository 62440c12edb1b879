package telegram

import (
	"context"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
)

// menuLanguages are the command menus set at start: the default one, in
// English, and one for people whose Telegram speaks Chinese. The commands
// themselves are the desk's (Engine.CommandsFor), so the menu offers
// exactly what the desk answers.
var menuLanguages = []struct{ code, lang string }{
	{"", i18n.En},
	{"zh", i18n.Zh},
}

// requester stands for everyone in the menus set at start: most people
// who write to the bot only report. Staff get their own menu in their
// private chat (staffMenu).
var requester = &desk.User{Registered: true}

// commandMenu is a menu as Telegram takes it.
func commandMenu(cmds [][2]string) []models.BotCommand {
	var out []models.BotCommand
	for _, c := range cmds {
		out = append(out, models.BotCommand{Command: c[0], Description: c[1]})
	}
	return out
}

// setCommands sets the command menus. A failure is logged: the bot works
// without a menu.
func (b *Bot) setCommands(ctx context.Context) {
	for _, m := range menuLanguages {
		cmds := commandMenu(b.engine.CommandsFor(m.lang, requester))
		_, err := b.api.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: cmds, LanguageCode: m.code})
		if err != nil && ctx.Err() == nil {
			b.log.Warn("telegram: command menu not set", "language", m.lang, "err", err)
		}
	}
}
