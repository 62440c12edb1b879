package i18n

// codeTexts: the admin's printable room codes, and what the desk says
// about the rooms typed for them.
var codeTexts = map[string]text{
	"admin.codes":          {"🏷 房间二维码", "🏷 Room codes"},
	"admin.codes_zone":     {"为哪个地块的房间制作二维码？", "Codes for rooms in which zone?"},
	"admin.codes_building": {"%s — 哪栋建筑物？", "%s — which building?"},
	"admin.codes_rooms": {"%s：哪些房间？输入房间号和范围，用逗号分开，例如 101-120, 201, 305a（每张最多 %d 个）。",
		"%s: which rooms? Type rooms and ranges, separated by commas, e.g. 101-120, 201, 305a (%d at most a sheet)."},
	"admin.codes_sheet": {"%s：%d 个二维码。打印后沿虚线剪开，贴在各房间门上：扫码即可报修，地点已填好。",
		"%s: %d codes. Print the sheet, cut along the dotted lines and put each code on its room's door: scanning it opens a report with the place filled in."},
	"admin.codes_links": {"二维码中的链接：", "The links in the codes:"},
	"admin.codes_no_link": {"这里无法制作房间二维码：Slack 没有能打开机器人并带上地点的链接。请在 Telegram 或网页聊天中用 /admin 制作。",
		"Room codes cannot be made here: Slack has no link that opens the bot with a place. Make them with /admin on Telegram or in the web chat."},
	"admin.codes_web": {"这些二维码打开本机的网页聊天（%s），只在这台电脑上可用，适合试用。贴在门上的二维码请在 Telegram 中制作。",
		"These codes open the web chat on this machine (%s), which answers on this computer only: they are for trying the desk. Make the codes for doors on Telegram."},
	"admin.codes_no_font": {"本机没有中文字体，图上的标题写作“%s”（按目录中的顺序），而不是“%s”。安装中文字体（如 fonts-wqy-microhei）后即可写出名称。",
		"This machine has no Chinese font, so the sheet's title reads \"%s\" (in the catalogue's order) instead of \"%s\". Install one (such as fonts-wqy-microhei) to have the name written."},
	"admin.codes_gone": {"这栋建筑物已不在目录中，请重新选择。", "That building is no longer in the catalogue; please choose again."},

	"err.rooms_empty":    {"请输入至少一个房间号，例如 101-120, 201。", "Type at least one room, e.g. 101-120, 201."},
	"err.rooms_bad":      {"“%s”不能放进二维码：房间号只能包含字母、数字和 _。", "\"%s\" cannot go in a code: a room may have letters, digits and _ only."},
	"err.rooms_long":     {"“%s”太长了：二维码中的房间号最多 %d 个字符。", "\"%s\" is too long: a room in a code has %d characters at most."},
	"err.rooms_range":    {"看不懂范围“%s”：请写成 101-120 这样，由小到大，两端的字母相同。", "The range \"%s\" is not clear: write it like 101-120, low to high, with the same letters at both ends."},
	"err.rooms_too_many": {"房间太多了：每张最多 %d 个二维码。请分几次制作。", "Too many rooms: a sheet takes %d codes at most. Make several sheets."},
}
