package telegram

import (
	"fmt"

	"github.com/repairdesk/repairdesk/i18n"
)

// texts are what the adapter says on its own, about Telegram itself or
// when the desk could not answer. Everything else comes from the desk.
var texts = map[string]struct{ zh, en string }{
	"failed":         {"出错了，请稍后再试", "Something went wrong, please try again"},
	"open_private":   {"请先私聊机器人，我才能回复你。", "Please open a private chat with the bot first, so that it can answer you."},
	"open_private_l": {"请先打开 %s 并点“开始”，我才能回复你。", "Please open %s and press Start first, so that the bot can answer you."},
	"sent_private":   {"已在私聊中回复你", "Answered in your private chat with the bot"},
	"own_contact":    {"请用下方按钮分享你自己的手机号，或直接输入号码。", "Please share your own number with the button below, or type it."},
	"unsupported":    {"请发送文字或照片。", "Please send text or a photo."},
	"photo_failed":   {"没能收到这张照片，请重新发送。", "The photo did not come through, please send it again."},
	"photo_too_big":  {"照片太大了，请发送小一些的照片。", "That photo is too large, please send a smaller one."},
	"more_buttons":   {"⬇️", "⬇️"},
	"share_phone":    {"📱 分享手机号", "📱 Share my phone"},
}

// say returns a text in lang; with no language known, in both, Chinese
// first, as the desk's groups are written.
func say(lang, key string, args ...any) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	f := t.en
	switch lang {
	case i18n.Zh:
		f = t.zh
	case "":
		if t.zh != t.en {
			f = t.zh + "\n" + t.en
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(f, args...)
	}
	return f
}

// openPrivate asks a person to start a private chat with the bot, with a
// link to it when the bot's username is known.
func (b *Bot) openPrivate(lang string) string {
	if name := b.username(); name != "" {
		return say(lang, "open_private_l", "https://t.me/"+name)
	}
	return say(lang, "open_private")
}
