package slack

import "github.com/repairdesk/repairdesk/i18n"

// texts are what the adapter says on its own, about Slack itself or when
// the desk could not answer. Everything else comes from the desk.
var texts = map[string]struct{ zh, en string }{
	"failed":        {"出错了，请稍后再试", "Something went wrong, please try again"},
	"unsupported":   {"请发送文字或图片。", "Please send text or a picture."},
	"photo_failed":  {"没能收到这张图片，请重新发送。", "The picture did not come through, please send it again."},
	"photo_too_big": {"图片太大了，请发送小一些的图片。", "That picture is too large, please send a smaller one."},
	"answered_dm":   {"已在与机器人的私信中回复你。", "Answered in your direct messages with the bot."},
	"home_hint":     {"在“消息”标签页与报修台对话，或输入 /repair help。", "Chat with the desk in the Messages tab, or type /repair help."},

	// The report form.
	"form_button":   {"📝 用表单报修", "📝 Report with a form"},
	"form_done":     {"成功提交申请，请等待维修工接单。工单号 %s", "Submitted, waiting for a technician to claim it. Ticket %s"},
	"form_failed":   {"没能提交：", "Not submitted:"},
	"f_heading":     {"报修", "Report a fault"},
	"f_submit":      {"提交", "Submit"},
	"f_close":       {"取消", "Cancel"},
	"f_where":       {"地块 / 建筑物", "Zone / building"},
	"f_room":        {"房间", "Room"},
	"f_address":     {"详细地址", "Detailed address"},
	"f_problem":     {"问题类型", "Problem type"},
	"f_title":       {"标题", "Title"},
	"f_description": {"报修内容", "What is wrong"},
	"f_contact":     {"联系电话", "Contact phone"},
	"f_start":       {"期望维修开始时间", "Repair wanted from"},
	"f_end":         {"期望维修结束时间", "Repair wanted by"},
	// Problems with a field of the form, shown beside it.
	"e_empty":             {"请填写此项", "Please fill this in"},
	"e_too_long":          {"最多 %d 个字", "At most %d characters"},
	"e_unknown_building":  {"请从列表中选择建筑物", "Choose a building from the list"},
	"e_unknown_problem":   {"请从列表中选择问题类型", "Choose a problem type from the list"},
	"e_bad_phone":         {"请填写有效的电话号码", "Enter a valid phone number"},
	"e_window_incomplete": {"请同时填写开始和结束时间", "Give both the start and the end, or neither"},
	"e_end_before_start":  {"结束时间须晚于开始时间", "The end must be after the start"},
	"e_in_past":           {"该时间已经过去", "That time has passed"},
	"e_too_far":           {"时间太远了", "That is too far ahead"},
	"e_other":             {"请检查此项", "Please check this field"},
}

// say returns a text in lang; with no language known, in both, Chinese
// first, as the desk's channels are written.
func say(lang, key string) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	switch lang {
	case i18n.Zh:
		return t.zh
	case i18n.En:
		return t.en
	}
	return t.zh + "\n" + t.en
}
