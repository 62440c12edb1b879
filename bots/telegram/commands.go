package telegram

import (
	"context"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/conversation"
)

// menuLanguages are the command menus set at start: the default one, in
// English, and one for people whose Telegram speaks Chinese. The commands
// themselves are the desk's (conversation.CommandNames), so the menu
// offers exactly what the desk answers.
var menuLanguages = []struct{ code, lang string }{
	{"", conversation.LangEn},
	{"zh", conversation.LangZh},
}

// commandMenu is the menu in one language.
func commandMenu(lang string) []models.BotCommand {
	var out []models.BotCommand
	for _, c := range conversation.CommandNames(lang) {
		out = append(out, models.BotCommand{Command: c[0], Description: c[1]})
	}
	return out
}

// setCommands sets the command menus. A failure is logged: the bot works
// without a menu.
func (b *Bot) setCommands(ctx context.Context) {
	for _, m := range menuLanguages {
		_, err := b.api.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: commandMenu(m.lang), LanguageCode: m.code})
		if err != nil && ctx.Err() == nil {
			b.log.Warn("telegram: command menu not set", "language", m.lang, "err", err)
		}
	}
}
