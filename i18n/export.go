package i18n

// exportTexts are the words around a period's export in the chat.
var exportTexts = map[string]text{
	"cmd.export": {"导出工单表格 CSV（主管、管理员）", "Export tickets as CSV (supervisors, admins)"},
	"btn.export": {"⬇ CSV", "⬇ CSV"},
	"export.ready": {"📎 %s 至 %s 报修的工单（含已归档），CSV 表格，可用 Excel 打开。",
		"📎 The tickets reported from %s to %s, archived ones included, as CSV (opens in Excel)."},
	"export.failed": {"⚠ 表格没能生成或发送（聊天中的导出最大 %d MB）。请换个较短的时间段，或稍后再试。",
		"⚠ The file could not be made or sent (an export in the chat is at most %d MB). Please choose a shorter period, or try again later."},
	"err.export_too_big": {"这个时间段的表格超过 %d MB，无法在聊天中发送。请换个较短的时间段。",
		"This period's file is over %d MB, too big for the chat. Please choose a shorter period."},
}
