package slack

import (
	"github.com/repairdesk/repairdesk/conversation"
)

// texts are what the adapter says on its own, about Slack itself or when
// the desk could not answer. Everything else comes from the desk.
var texts = map[string]struct{ zh, en string }{
	"failed":        {"出错了，请稍后再试", "Something went wrong, please try again"},
	"unsupported":   {"请发送文字或图片。", "Please send text or a picture."},
	"photo_failed":  {"没能收到这张图片，请重新发送。", "The picture did not come through, please send it again."},
	"photo_too_big": {"图片太大了，请发送小一些的图片。", "That picture is too large, please send a smaller one."},
	"answered_dm":   {"已在与机器人的私信中回复你。", "Answered in your direct messages with the bot."},
	"home_hint":     {"在“消息”标签页与报修台对话，或输入 /repair help。", "Chat with the desk in the Messages tab, or type /repair help."},
}

// say returns a text in lang; with no language known, in both, Chinese
// first, as the desk's channels are written.
func say(lang, key string) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	switch lang {
	case conversation.LangZh:
		return t.zh
	case conversation.LangEn:
		return t.en
	}
	return t.zh + "\n" + t.en
}
