package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// statsTexts are the texts of a period's report and of ticket search.
var statsTexts = map[string]text{
	"cmd.find": {"查找工单", "Find tickets"},
	"btn.find": {"🔎 查找", "🔎 Find"},

	"period.today": {"今天", "Today"},
	"period.week":  {"本周", "This week"},
	"period.month": {"本月", "This month"},
	"period.30d":   {"近30天", "Last 30 days"},
	"period.range": {"自选日期", "Chosen dates"},

	"err.bad_period":      {"没看懂这个时间段。可用：today、week、month、30d，或两个日期，例如 %sstats 2026-11-01 2026-11-15。", "I could not read that period. Use today, week, month, 30d, or two dates, e.g. %sstats 2026-11-01 2026-11-15."},
	"err.period_too_long": {"时间段最长 %d 天；更长的请分段，或由管理员用命令行导出。", "A period is at most %d days; for longer, take it in parts, or ask an admin for the command-line export."},
	"err.find_empty":      {"请说要找什么：关键词、#工单号、姓名或电话、楼宇、状态或日期。", "Say what to look for: words, #number, a name or phone, a building, a state or dates."},
	"err.find_dates":      {"最多两个日期（开始和结束），或一个月份，例如 2026-11。", "At most two dates (from and to), or one month such as 2026-11."},

	"stats.period":      {"📊 报表 · %s（%s ~ %s）", "📊 Report · %s (%s – %s)"},
	"stats.opened":      {"新报修 %d 单，当前状态：%s", "Reported: %d, now %s"},
	"stats.closed":      {"完成 %d · 取消 %d · 期末未结 %d", "Completed %d · cancelled %d · open at the end %d"},
	"stats.response":    {"响应（报修→接单）：中位 %s，P90 %s（%d 单）", "First response (report → claim): median %s, P90 %s (%d)"},
	"stats.resolution":  {"解决（报修→完成，不含挂起）：中位 %s，P90 %s（%d 单）", "Resolution (report → completion, suspensions left out): median %s, P90 %s (%d)"},
	"stats.overdue_of":  {"曾超时（超）：%d / %d（%d%%）", "Became overdue (超): %d of %d (%d%%)"},
	"stats.urges":       {"催单 %d 次（%d 单）· 挂起批准 %d、驳回 %d", "Urges: %d on %d tickets · suspensions approved %d, rejected %d"},
	"stats.techs":       {"👷 维修工：接单/完成 · 接单用时/维修用时（中位）· 按期完成 · 评分", "👷 Technicians: claimed/completed · to claim/to complete (median) · in the window · rating"},
	"stats.tech":        {"%s：%d/%d · %s/%s · %s · %s", "%s: %d/%d · %s/%s · %s · %s"},
	"stats.places":      {"🏢 按地点：报修 · 维修用时（中位）· 重复报修", "🏢 By place: reported · repair time (median) · repeats"},
	"stats.problems":    {"🔧 按问题类型：报修 · 维修用时（中位）· 重复报修", "🔧 By problem type: reported · repair time (median) · repeats"},
	"stats.group":       {"%s：%d · %s · %d", "%s: %d · %s · %d"},
	"stats.more_rows":   {"……另有 %d 项", "… and %d more"},
	"stats.none":        {"无", "none"},
	"stats.ratings":     {"⭐ 评价 %d 条，平均 %.1f 星", "⭐ Ratings: %d, average %.1f"},
	"stats.low":         {"低分评价（≤%d 星）：", "Low ratings (≤%d):"},
	"stats.no_comment":  {"（无评语）", "(no comment)"},
	"stats.no_ratings":  {"⭐ 本期没有评价", "⭐ No ratings in the period"},
	"stats.unnamed":     {"（未填）", "(none)"},
	"stats.not_rated":   {"未评", "not rated"},
	"stats.no_tickets":  {"本期没有工单。", "No tickets in the period."},
	"stats.choose":      {"换个时间段，或输入 %sstats 2026-11-01 2026-11-15：", "Another period, or type %sstats 2026-11-01 2026-11-15:"},
	"find.ask":          {"要找什么？可输入关键词、#工单号、姓名或电话、楼宇、状态（待接单、已完成……）、日期（2026-11-01 或 2026-11-01..2026-11-15）。", "What are you looking for? Words, #number, a name or phone, a building, a state (pending, completed, …), dates (2026-11-01 or 2026-11-01..2026-11-15)."},
	"find.title":        {"🔎「%s」第 %d 页：", "🔎 \"%s\", page %d:"},
	"find.none":         {"🔎 没有找到与「%s」相符的工单。", "🔎 No ticket matches \"%s\"."},
	"find.own_only":     {"（只查找您自己的工单）", "(your own tickets only)"},
	"btn.page_previous": {"◀ 上一页", "◀ Previous"},
	"btn.page_next":     {"下一页 ▶", "Next ▶"},
}

// maxStatsRows bounds each list of a report, so that it stays one
// readable message on a large desk.
const maxStatsRows = 10

// PeriodStats renders a period's figures.
func PeriodStats(lang string, st desk.PeriodStats, loc *time.Location) string {
	var b strings.Builder
	line := func(key string, args ...any) { b.WriteString(T(lang, key, args...) + "\n") }
	p := st.Period
	line("stats.period", T(lang, "period."+p.Kind), p.From.In(loc).Format(time.DateOnly), p.Last().In(loc).Format(time.DateOnly))
	if st.Opened == 0 && st.Completed == 0 && st.Cancelled == 0 && st.Backlog == 0 {
		b.WriteString(T(lang, "stats.no_tickets"))
		return b.String()
	}
	var states []string
	for _, s := range desk.States {
		if n := st.ByState[s]; n > 0 {
			states = append(states, T(lang, "state."+string(s))+" "+strconv.Itoa(n))
		}
	}
	if len(states) == 0 {
		states = []string{T(lang, "stats.none")}
	}
	line("stats.opened", st.Opened, strings.Join(states, " · "))
	line("stats.closed", st.Completed, st.Cancelled, st.Backlog)
	line("stats.response", spread(lang, st.FirstResponse.Median, st.FirstResponse.N), spread(lang, st.FirstResponse.P90, st.FirstResponse.N), st.FirstResponse.N)
	line("stats.resolution", spread(lang, st.Resolution.Median, st.Resolution.N), spread(lang, st.Resolution.P90, st.Resolution.N), st.Resolution.N)
	line("stats.overdue_of", st.Overdue, st.Opened, percent(st.Overdue, st.Opened))
	line("stats.urges", st.Urges, st.UrgedTickets, st.Approved, st.Rejected)

	b.WriteString("\n")
	line("stats.techs")
	for i, t := range st.Technicians {
		if i == maxStatsRows {
			line("stats.more_rows", len(st.Technicians)-i)
			break
		}
		window := "-"
		if t.Completed > 0 {
			window = strconv.Itoa(percent(t.InWindow, t.Completed)) + "%"
		}
		rating := T(lang, "stats.not_rated")
		if t.Rated > 0 {
			rating = fmt.Sprintf("★%.1f (%d)", t.AvgStars, t.Rated)
		}
		line("stats.tech", t.Tech.Name, t.Claimed, t.Completed, spread(lang, t.ToClaim, t.Claimed),
			spread(lang, t.ToComplete, t.Completed), window, rating)
	}
	if len(st.Technicians) == 0 {
		line("stats.none")
	}
	groups(&b, lang, "stats.places", st.Places)
	groups(&b, lang, "stats.problems", st.Problems)

	b.WriteString("\n")
	if st.Rated == 0 {
		b.WriteString(T(lang, "stats.no_ratings"))
		return b.String()
	}
	line("stats.ratings", st.Rated, st.AvgStars)
	var dist []string
	for s := 5; s >= 1; s-- {
		dist = append(dist, fmt.Sprintf("★%d %d", s, st.Stars[s]))
	}
	b.WriteString(strings.Join(dist, " · "))
	if len(st.Low) > 0 {
		b.WriteString("\n" + T(lang, "stats.low", desk.LowStars))
		for i, l := range st.Low {
			if i == maxStatsRows {
				b.WriteString("\n" + T(lang, "stats.more_rows", len(st.Low)-i))
				break
			}
			comment := l.Comment
			if strings.TrimSpace(comment) == "" {
				comment = T(lang, "stats.no_comment")
			}
			fmt.Fprintf(&b, "\n#%s ★%d %s: %s", l.Ticket, l.Stars, l.Tech, comment)
		}
	}
	return b.String()
}

func groups(b *strings.Builder, lang, title string, gs []desk.GroupStats) {
	b.WriteString("\n" + T(lang, title) + "\n")
	for i, g := range gs {
		if i == maxStatsRows {
			b.WriteString(T(lang, "stats.more_rows", len(gs)-i) + "\n")
			break
		}
		name := strings.TrimSpace(strings.Trim(g.Name, " /"))
		if name == "" {
			name = T(lang, "stats.unnamed")
		}
		b.WriteString(T(lang, "stats.group", name, g.Count, spread(lang, g.Repair, g.Repaired), g.Repeats) + "\n")
	}
	if len(gs) == 0 {
		b.WriteString(T(lang, "stats.none") + "\n")
	}
}

// spread shows a duration computed over n values, or "-" over none.
func spread(lang string, d time.Duration, n int) string {
	if n == 0 {
		return "-"
	}
	return Duration(lang, d)
}

func percent(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return (part*100 + whole/2) / whole
}
