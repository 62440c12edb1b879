package i18n

// web: what the local web chat says on its own, on the server and on its
// page (the page reads these through the chat's /api/people)
var webTexts = map[string]text{
	"web.failed":    {"出了点问题，请稍后再试。", "Something went wrong. Please try again."},
	"web.too_big":   {"照片太大了（最大 10 MB）。", "That photo is too big (10 MB at most)."},
	"web.not_image": {"只能发送 JPEG、PNG、GIF 或 WebP 图片。", "Only JPEG, PNG, GIF or WebP pictures can be sent."},

	// The page.
	"web.share":           {"📱 分享手机号", "📱 Share my phone"},
	"web.send_failed":     {"发送失败，请重试。", "Could not send; please try again."},
	"web.edited":          {"已编辑", "edited"},
	"web.send":            {"发送", "Send"},
	"web.role_admin":      {"管理员", "admin"},
	"web.role_supervisor": {"主管", "supervisor"},
	"web.role_technician": {"维修工", "technician"},
	"web.role_requester":  {"报修人", "requester"},
	"web.reply":           {"↩ 回复", "↩ Reply"},
	"web.replying":        {"回复帖子中（点此取消）：", "Replying in the thread (click to stop): "},
	"web.report_msg":      {"🎫 报修", "🎫 Report"},
}
