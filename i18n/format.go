package i18n

import (
	"fmt"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// Time shows a moment in the desk's time zone, to the minute.
func Time(at time.Time, loc *time.Location) string {
	if at.IsZero() {
		return "-"
	}
	return at.In(loc).Format("2006-01-02 15:04")
}

// shortDate is "3/2": month and day, the same in both languages.
func shortDate(t time.Time) string { return fmt.Sprintf("%d/%d", t.Month(), t.Day()) }

// Duration shows a duration to the minute: "1天2小时5分" / "1d 2h 5m".
func Duration(lang string, d time.Duration) string {
	d = d.Round(time.Minute)
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if days > 0 {
		parts = append(parts, T(lang, "dur.days", days))
	}
	if hours > 0 {
		parts = append(parts, T(lang, "dur.hours", hours))
	}
	if mins > 0 || len(parts) == 0 {
		parts = append(parts, T(lang, "dur.minutes", mins))
	}
	sep := " "
	if lang == Zh {
		sep = ""
	}
	return strings.Join(parts, sep)
}

// Window shows an expected repair window, or says there is none.
func Window(lang string, w desk.Window, loc *time.Location) string {
	if w.Start.IsZero() {
		return T(lang, "win.any")
	}
	return Time(w.Start, loc) + " ~ " + Time(w.End, loc)
}
