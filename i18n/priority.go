package i18n

// priorityTexts: urgent tickets (🚨). A requester marks a report urgent,
// anyone asks with 🚨 on the dispatch post and a supervisor confirms, or
// a supervisor raises or lowers the priority with a reason.
var priorityTexts = map[string]text{
	"err.already_urgent":  {"%s 已是加急工单。", "%s is urgent already."},
	"err.urgent_waiting":  {"%s 的加急申请正在等主管确认。", "A request to make %s urgent is waiting for a supervisor."},
	"err.urgent_answered": {"这条把 %s 设为加急的申请已经处理过了。", "This request to make %s urgent has been answered already."},
	"err.priority_same":   {"%s 已是这个优先级。", "%s has that priority already."},

	"act.urgent":         {"🚨 加急", "🚨 Urgent"},
	"act.urgent_confirm": {"✅ 确认加急", "✅ Make urgent"},
	"act.urgent_decline": {"❌ 不加急", "❌ Decline"},
	"act.priority":       {"🚨 优先级", "🚨 Priority"},

	"urgent.done":         {"已请主管确认把 %s 设为加急。", "Asked a supervisor to make %s urgent."},
	"urgent_confirm.done": {"%s 已设为加急。", "%s is urgent now."},
	"urgent_decline.done": {"已拒绝把 %s 设为加急。", "Declined to make %s urgent."},

	"priority.up_reason":   {"为什么把 %s 设为加急？", "Why make %s urgent?"},
	"priority.down_reason": {"为什么把 %s 改回普通优先级？", "Why make %s normal priority again?"},
	"priority.form":        {"%s 的优先级", "Priority of %s"},
	"priority.up_done":     {"🚨 %s 已设为加急。", "🚨 %s is urgent now."},
	"priority.down_done":   {"%s 已改回普通优先级。", "%s is normal priority again."},

	"btn.mark_urgent":   {"🚨 标为加急", "🚨 Mark urgent"},
	"btn.not_urgent":    {"取消加急", "Not urgent"},
	"rep.urgent_reason": {"为什么加急？（例如：漏水接近电器、有人被困）", "Why is it urgent? (for example: water near electrics, someone locked in)"},
	"field.urgent":      {"🚨 加急", "🚨 Urgent"},

	"notice.urgent_ask":          {"🚨 %[2]s 请求把 %[1]s 设为加急，请主管确认。", "🚨 %[2]s asks to make %[1]s urgent. A supervisor confirms."},
	"notice.urgent_answer":       {"%[1]s 的加急申请：%[2]s（%[3]s）", "Request to make %[1]s urgent: %[2]s (%[3]s)"},
	"urgent.confirmed":           {"已确认", "confirmed"},
	"urgent.declined":            {"已拒绝", "declined"},
	"urgent.settled":             {"主管已直接调整优先级", "settled by a supervisor's change of priority"},
	"notice.raised_you":          {"🚨 %[1]s 已被 %[2]s 设为加急：%[3]s", "🚨 %[1]s was made urgent by %[2]s: %[3]s"},
	"notice.lowered_you":         {"%[1]s 已被 %[2]s 改回普通优先级：%[3]s", "%[1]s is normal priority again (%[2]s): %[3]s"},
	"notice.urgent_declined_you": {"你把 %[1]s 设为加急的申请被 %[2]s 拒绝。", "Your request to make %[1]s urgent was declined by %[2]s."},

	"line.urgent":              {"🚨 %[2]s 请求把 %[1]s 设为加急，等主管确认", "🚨 %[2]s asked to make %[1]s urgent; waiting for a supervisor"},
	"line.urgent_decline":      {"%[1]s 的加急申请被 %[2]s 拒绝", "Request to make %[1]s urgent declined by %[2]s"},
	"line.urgent_confirm":      {"✅ %[1]s 的加急申请已由 %[2]s 确认", "✅ Request to make %[1]s urgent confirmed by %[2]s"},
	"line.urgent_settled":      {"%[1]s 的加急申请已由 %[2]s 调整优先级处理", "Request to make %[1]s urgent settled by %[2]s's change of priority"},
	"line.raised":              {"🚨 %[1]s 已由 %[2]s 设为加急：%[3]s", "🚨 %[1]s made urgent by %[2]s: %[3]s"},
	"line.raised_on_ask":       {"🚨 %[1]s 已由 %[2]s 设为加急（%[3]s 的申请）", "🚨 %[1]s made urgent by %[2]s (asked by %[3]s)"},
	"notice.raised_on_ask_you": {"🚨 %[1]s 已由 %[2]s 设为加急（%[3]s 的申请）", "🚨 %[1]s was made urgent by %[2]s (asked by %[3]s)"},
	"line.lowered":             {"%[1]s 已由 %[2]s 改回普通优先级：%[3]s", "%[1]s back to normal priority (%[2]s): %[3]s"},
}
