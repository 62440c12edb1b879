package i18n

// slack: what the Slack adapter says on its own, about Slack itself, on
// its report form, or when the desk could not answer
var slackTexts = map[string]text{
	"slack.failed":        {"出错了，请稍后再试", "Something went wrong, please try again"},
	"slack.unsupported":   {"请发送文字或图片。", "Please send text or a picture."},
	"slack.photo_failed":  {"没能收到这张图片，请重新发送。", "The picture did not come through, please send it again."},
	"slack.photo_too_big": {"图片太大了，请发送小一些的图片。", "That picture is too large, please send a smaller one."},
	"slack.answered_dm":   {"已在与机器人的私信中回复你。", "Answered in your direct messages with the bot."},
	"slack.home_hint":     {"在“消息”标签页与报修台对话，或输入 /repair help。", "Chat with the desk in the Messages tab, or type /repair help."},

	// The report form.
	"slack.form_button":   {"📝 用表单报修", "📝 Report with a form"},
	"slack.f_heading":     {"报修", "Report a fault"},
	"slack.f_submit":      {"提交", "Submit"},
	"slack.f_close":       {"取消", "Cancel"},
	"slack.f_where":       {"地块 / 建筑物", "Zone / building"},
	"slack.f_room":        {"房间", "Room"},
	"slack.f_address":     {"详细地址", "Detailed address"},
	"slack.f_problem":     {"问题类型", "Problem type"},
	"slack.f_title":       {"标题", "Title"},
	"slack.f_description": {"报修内容", "What is wrong"},
	"slack.f_contact":     {"联系电话", "Contact phone"},
	"slack.f_start":       {"期望维修开始时间", "Repair wanted from"},
	"slack.f_urgent":      {"🚨 加急？写明原因（不加急请留空）", "🚨 Urgent? Say why (leave empty if not)"},
	"slack.f_end":         {"期望维修结束时间", "Repair wanted by"},
	// Problems with a field of a form, shown beside it.
	"slack.e_empty":             {"请填写此项", "Please fill this in"},
	"slack.e_too_long":          {"最多 %d 个字", "At most %d characters"},
	"slack.e_unknown_building":  {"请从列表中选择建筑物", "Choose a building from the list"},
	"slack.e_unknown_problem":   {"请从列表中选择问题类型", "Choose a problem type from the list"},
	"slack.e_bad_phone":         {"请填写有效的电话号码", "Enter a valid phone number"},
	"slack.e_window_incomplete": {"请同时填写开始和结束时间", "Give both the start and the end, or neither"},
	"slack.e_end_before_start":  {"结束时间须晚于开始时间", "The end must be after the start"},
	"slack.e_in_past":           {"该时间已经过去", "That time has passed"},
	"slack.e_too_far":           {"时间太远了", "That is too far ahead"},
	"slack.e_other":             {"请检查此项", "Please check this field"},
}
