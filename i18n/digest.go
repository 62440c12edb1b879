package i18n

import (
	"fmt"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
)

// digestTexts are the supervisors' daily digest's.
var digestTexts = map[string]text{
	"digest.title": {"📊 每日摘要 · 昨日 %s（括号内为上周同日 %s）",
		"📊 Daily digest · yesterday, %s (in brackets: %s, a week before)"},
	"digest.flow": {"新报修 %d（%d）· 办结 %d（%d）· 日终未完成 %d（%d）",
		"Reported %d (%d) · closed %d (%d) · open at day's end %d (%d)"},
	"digest.claim": {"接单等待中位 %s（%s）· 曾超时 %d（%d）",
		"Median wait until claimed %s (%s) · became overdue %d (%d)"},
	"digest.ratings": {"评价 %d 条，平均 %s 星（%d 条，%s 星）",
		"Ratings %d, average %s (%d, %s)"},
	"digest.more": {"……另有 %d 单", "… and %d more"},
}

// Digest renders a day's figures against the same weekday a week before,
// the bracketed numbers.
func Digest(lang string, d desk.Digest) string {
	day, before := d.Day, d.WeekBefore
	date := func(f desk.DayFigures) string {
		return T(lang, "chart.day."+f.Date.Weekday().String()) + " " + shortDate(f.Date)
	}
	wait := func(f desk.DayFigures) string {
		if f.Claimed == 0 {
			return "-"
		}
		return Duration(lang, f.ToClaim)
	}
	stars := func(f desk.DayFigures) string {
		if f.Rated == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f", f.AvgStars)
	}
	return strings.Join([]string{
		T(lang, "digest.title", date(day), date(before)),
		T(lang, "digest.flow", day.Opened, before.Opened, day.Closed, before.Closed, day.Backlog, before.Backlog),
		T(lang, "digest.claim", wait(day), wait(before), day.Overdue, before.Overdue),
		T(lang, "digest.ratings", day.Rated, stars(day), before.Rated, stars(before)),
	}, "\n")
}
