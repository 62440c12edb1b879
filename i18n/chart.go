package i18n

import "github.com/repairdesk/repairdesk/desk"

// chart: the supervisors' weekly chart, its labels and the words around it
var chartTexts = map[string]text{
	"err.bad_chart_at":  {"请输入星期和时间，例如 mon 09:00（mon…sun），或 off 关闭。", "Please send a weekday and a time such as mon 09:00 (mon…sun), or off to turn it off."},
	"cmd.chart":         {"每周统计图（主管）", "Weekly chart (supervisors)"},
	"btn.chart":         {"📈 本周统计图", "📈 The week as a chart"},
	"chart.usage":       {"用法：%s（最近 7 天的统计图）", "Usage: %s (the chart of the last 7 days)"},
	"chart.unavailable": {"统计图暂不可用，请稍后再试。", "The chart is not available right now; please try again later."},
	"chart.caption": {"📊 每周统计 %s – %s：新报修 %d，办结 %d，未完成 %d。",
		"📊 Week %s – %s: %d reported, %d closed, %d open."},

	// The pictures' labels.
	"chart.week_title":    {"报修与办结 · %s – %s", "Tickets reported and closed · %s – %s"},
	"chart.opened":        {"新报修", "Reported"},
	"chart.closed":        {"办结", "Closed"},
	"chart.backlog":       {"日终未完成", "Open at day's end"},
	"chart.on_hold":       {"其中挂起", "of which suspended"},
	"chart.tickets":       {"工单数", "Tickets"},
	"chart.claim_title":   {"接单等待时间中位数（括号内为接单数）", "Median wait until claimed (tickets claimed)"},
	"chart.hours":         {"小时", "Hours"},
	"chart.none":          {"无", "none"},
	"chart.top_buildings": {"本周报修最多的建筑", "Most reported buildings this week"},
	"chart.top_problems":  {"本周报修最多的问题类型", "Most reported problem types this week"},
	"chart.no_reports":    {"本周没有新报修", "No reports this week"},
	"chart.day.Monday":    {"周一", "Mon"},
	"chart.day.Tuesday":   {"周二", "Tue"},
	"chart.day.Wednesday": {"周三", "Wed"},
	"chart.day.Thursday":  {"周四", "Thu"},
	"chart.day.Friday":    {"周五", "Fri"},
	"chart.day.Saturday":  {"周六", "Sat"},
	"chart.day.Sunday":    {"周日", "Sun"},
}

// Week is the weekly chart's caption: the days it shows and the week's
// figures, "📊 Week 3/2 – 3/8: 34 reported, 30 closed, 9 open."
func Week(lang string, w desk.Week) string {
	if len(w.Days) == 0 {
		return ""
	}
	first, last := w.Days[0], w.Days[len(w.Days)-1]
	return T(lang, "chart.caption", shortDate(first.Date), shortDate(last.Date), w.Opened(), w.Closed(), last.Backlog)
}
