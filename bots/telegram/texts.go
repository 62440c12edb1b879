package telegram

import "github.com/repairdesk/repairdesk/i18n"

// say returns one of the adapter's own texts (i18n's "tg." keys) in lang;
// with no language known, in both, Chinese first, as the desk's groups
// are written.
func say(lang, key string, args ...any) string { return i18n.Say(lang, "tg."+key, args...) }

// openPrivate asks a person to start a private chat with the bot, with a
// link to it when the bot's username is known.
func (b *Bot) openPrivate(lang string) string {
	if name := b.username(); name != "" {
		return say(lang, "open_private_l", "https://t.me/"+name)
	}
	return say(lang, "open_private")
}
