package i18n

// telegram: what the Telegram adapter says on its own, about Telegram
// itself or when the desk could not answer
var telegramTexts = map[string]text{
	"tg.failed":         {"出错了，请稍后再试", "Something went wrong, please try again"},
	"tg.busy_kept":      {"报修台暂时繁忙，您的消息已保留，恢复后会立即处理并回复。", "The desk is busy for a moment. Your message is kept and will be answered as soon as it is back."},
	"tg.open_private":   {"请先私聊机器人，我才能回复你。", "Please open a private chat with the bot first, so that it can answer you."},
	"tg.open_private_l": {"请先打开 %s 并点“开始”，我才能回复你。", "Please open %s and press Start first, so that the bot can answer you."},
	"tg.sent_private":   {"已在私聊中回复你", "Answered in your private chat with the bot"},
	"tg.own_contact":    {"请用下方按钮分享你自己的手机号，或直接输入号码。", "Please share your own number with the button below, or type it."},
	"tg.unsupported":    {"请发送文字或照片。", "Please send text or a photo."},
	"tg.photo_failed":   {"没能收到这张照片，请重新发送。", "The photo did not come through, please send it again."},
	"tg.photo_too_big":  {"照片太大了，请发送小一些的照片。", "That photo is too large, please send a smaller one."},
	"tg.more_buttons":   {"⬇️", "⬇️"},
	"tg.share_phone":    {"📱 分享手机号", "📱 Share my phone"},
}
