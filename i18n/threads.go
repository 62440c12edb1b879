package i18n

// threadTexts: the lines a ticket's thread gathers in a group chat, each
// naming the ticket first (%[1]s), then who acted and their note (the
// rating: its stars and comment); and what staff are told about answering
// in a thread.
var threadTexts = map[string]text{
	"line.claim":    {"🙋 %[1]s 由 %[2]s 接单", "🙋 %[1]s claimed by %[2]s"},
	"line.assign":   {"👉 %[1]s 指派给 %[2]s", "👉 %[1]s assigned to %[2]s"},
	"line.release":  {"↩ %[1]s 被 %[2]s 退回待接单：%[3]s", "↩ %[1]s released by %[2]s: %[3]s"},
	"line.cancel":   {"✖ %[1]s 已被 %[2]s 撤销：%[3]s", "✖ %[1]s cancelled by %[2]s: %[3]s"},
	"line.complete": {"✔ %[1]s 已由 %[2]s 完成", "✔ %[1]s completed by %[2]s"},
	"line.edit":     {"✎ %[1]s 报修人（%[2]s）修改了工单", "✎ %[1]s changed by the requester (%[2]s)"},
	"line.suspend":  {"⏸ %[2]s 申请挂起 %[1]s：%[3]s", "⏸ %[2]s asked to suspend %[1]s: %[3]s"},
	"line.approve":  {"✅ %[1]s 的挂起申请已由 %[2]s 通过 %[3]s", "✅ Suspension of %[1]s approved by %[2]s %[3]s"},
	"line.reject":   {"❌ %[1]s 的挂起申请被 %[2]s 驳回：%[3]s", "❌ Suspension of %[1]s rejected by %[2]s: %[3]s"},
	"line.withdraw": {"↩ %[1]s 的挂起申请已撤回 %[3]s", "↩ Suspension request for %[1]s withdrawn %[3]s"},
	"line.resume":   {"▶ %[1]s 由 %[2]s 恢复维修", "▶ %[1]s under repair again (%[2]s)"},
	"line.urge":     {"⏰ %[1]s 被报修人 %[2]s 催单", "⏰ %[1]s urged by the requester %[2]s"},
	"line.reply":    {"💬 %[2]s（报修人）就 %[1]s 回复：%[3]s", "💬 %[2]s (requester) on %[1]s: %[3]s"},
	"line.rate":     {"⭐ %[1]s 获得 %[2]s 星评价：%[3]s", "⭐ %[1]s rated %[2]s stars: %[3]s"},

	"rep.from_message": {"📝 把这条消息报修：「%s」。请补充地点和类别，提交前可修改任何一项。", "📝 Reporting this message as a fault: “%s”. Add where and what kind; you can change anything before sending."},

	"thread.sent":       {"已发送给 %s 的报修人。", "Sent to the requester of %s."},
	"thread.not_holder": {"只有接单的维修工或主管可以回复 %s 的报修人。以 !note 开头的消息会作为员工之间的内部备注。", "Only the technician holding %s or a supervisor can answer its requester. Start with !note to write a note among staff."},
	"field.notes":       {"内部备注", "Internal notes"},
	"thread.noted":      {"已记为 %s 的内部备注（报修人看不到）。", "Kept as an internal note on %s (the requester does not see it)."},
}
