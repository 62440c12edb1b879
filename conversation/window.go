package conversation

import (
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// quickWindow is a ready-made repair window ("tomorrow morning").
type quickWindow struct {
	key   string
	value string
}

var quickWindows = []quickWindow{
	{"win.today_pm", "today_pm"},
	{"win.tomorrow_am", "tomorrow_am"},
	{"win.tomorrow_pm", "tomorrow_pm"},
	{"win.three_days", "3d"},
	{"win.any", "any"},
	{"win.type", "type"},
}

func (t *turn) askWindow() talk.Message {
	var rows []talk.Row
	for i, q := range quickWindows {
		if _, err := quickWindowAt(q.value, t.now(), t.Settings().Location()); err != nil && q.value == "today_pm" {
			continue // "this afternoon" is gone in the evening
		}
		if i%2 == 0 || len(rows) == 0 {
			rows = append(rows, talk.Row{})
		}
		r := &rows[len(rows)-1]
		r.Buttons = append(r.Buttons, t.choice(t.T(q.key), q.value))
	}
	return t.question("rep.window", rows)
}

func (t *turn) takeWindow() (string, error) {
	if !t.isPress {
		// Typed dates are welcome here too.
		if t.in.Kind != talk.KindText {
			return "", errInvalid("err.want_text")
		}
		w, err := parseWindow(t.in.Text, t.now(), t.Settings().Location())
		if err != nil {
			return "", err
		}
		t.s.Draft.Report.Window = w
		return stepContact, nil
	}
	if t.pressed == "type" {
		return stepWindowText, nil
	}
	w, err := quickWindowAt(t.pressed, t.now(), t.Settings().Location())
	if err != nil {
		return "", err
	}
	t.s.Draft.Report.Window = w
	return stepContact, nil
}

// quickWindowAt turns a quick choice into times in the desk's zone.
func quickWindowAt(v string, now time.Time, loc *time.Location) (desk.Window, error) {
	local := now.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	at := func(d time.Time, h int) time.Time { return d.Add(time.Duration(h) * time.Hour) }
	tomorrow := day.AddDate(0, 0, 1)
	var w desk.Window
	switch v {
	case "today_pm":
		w = desk.Window{Start: at(day, 14), End: at(day, 18)}
		if !now.Before(w.End) {
			return w, errInvalid("err.in_past")
		}
		if now.After(w.Start) {
			w.Start = now.Truncate(time.Minute)
		}
	case "tomorrow_am":
		w = desk.Window{Start: at(tomorrow, 8), End: at(tomorrow, 12)}
	case "tomorrow_pm":
		w = desk.Window{Start: at(tomorrow, 14), End: at(tomorrow, 18)}
	case "3d":
		w = desk.Window{Start: now.Truncate(time.Minute), End: at(day.AddDate(0, 0, 3), 18)}
	case "any":
		return desk.Window{}, nil
	default:
		return w, errInvalid("err.want_choice")
	}
	return w, nil
}

// windowLayouts are the ways people write a time, most specific first.
var windowLayouts = []string{
	"2006-01-02 15:04", "2006/01/02 15:04", "2006-1-2 15:04", "2006/1/2 15:04",
	"01-02 15:04", "1-2 15:04", "01/02 15:04", "1/2 15:04",
	"2006-01-02", "2006/01/02",
}

// parseWindow reads "2026-11-23 14:00 - 2026-11-23 18:00",
// "11-23 14:00 - 18:00" or "2026-11-23 14:00 至 16:00".
func parseWindow(s string, now time.Time, loc *time.Location) (desk.Window, error) {
	s = strings.TrimSpace(s)
	var a, b string
	for _, sep := range []string{" - ", "~", "～", "至", "到", " to ", "—", "–"} {
		if x, y, ok := strings.Cut(s, sep); ok {
			a, b = strings.TrimSpace(x), strings.TrimSpace(y)
			break
		}
	}
	if a == "" || b == "" {
		return desk.Window{}, errInvalid("err.bad_window")
	}
	start, ok := parseWhen(a, now, loc, time.Time{})
	if !ok {
		return desk.Window{}, errInvalid("err.bad_window")
	}
	end, ok := parseWhen(b, now, loc, start)
	if !ok {
		return desk.Window{}, errInvalid("err.bad_window")
	}
	w := desk.Window{Start: start, End: end}
	if err := desk.CheckWindow(w, now); err != nil {
		return desk.Window{}, err
	}
	if start.Before(now.Add(-time.Hour)) {
		return desk.Window{}, errInvalid("err.in_past")
	}
	return w, nil
}

// parseWhen reads one time. A time without a date takes the date of base
// (the window's start) or today; a date without a year takes this year.
func parseWhen(s string, now time.Time, loc *time.Location, base time.Time) (time.Time, bool) {
	local := now.In(loc)
	for _, layout := range windowLayouts {
		t, err := time.ParseInLocation(layout, s, loc)
		if err != nil {
			continue
		}
		if !strings.Contains(layout, "2006") {
			t = time.Date(local.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, loc)
		}
		return t, true
	}
	if t, err := time.ParseInLocation("15:04", s, loc); err == nil {
		d := local
		if !base.IsZero() {
			d = base.In(loc)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, loc), true
	}
	return time.Time{}, false
}
