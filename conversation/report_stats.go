package conversation

import (
	"errors"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// cmdStats shows a period's figures (/stats, /stats week, /stats
// 2026-11-01 2026-11-15), with buttons for the common periods.
func (t *turn) cmdStats(arg string) {
	st, err := t.svc().PeriodReport(t.ctx, t.user, arg)
	if t.periodFailed(err) {
		return
	}
	t.send(talk.Message{Text: i18n.PeriodStats(t.lang, st, t.Settings().Location()), Rows: t.periodRows(&st.Period)})
}

// periodFailed answers the error of reading a period, if any: a period
// that is none, or too long (badPeriod), or a failure. It reports whether
// there was one.
func (t *turn) periodFailed(err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, desk.ErrInvalid):
		t.badPeriod(err)
	default:
		t.fail(err)
	}
	return true
}

// badPeriod answers a period that is none, or too long, and offers the
// common ones.
func (t *turn) badPeriod(err error) {
	var e *desk.Error
	if errors.As(err, &e) && e.Msg == "err.bad_period" {
		t.say("err.bad_period", commandPrefix(t.in.Platform))
	} else {
		t.fail(err)
	}
	t.send(talk.Message{Text: t.T("stats.choose", commandPrefix(t.in.Platform)), Rows: t.periodRows(nil)})
}

// periodRows offers the common periods, the one shown marked, the week
// as a picture, and the shown period as a CSV file.
func (t *turn) periodRows(shown *desk.Period) []talk.Row {
	var r talk.Row
	for _, p := range desk.Periods {
		label := t.T("period." + p)
		if shown != nil && p == shown.Kind {
			label = "• " + label
		}
		r.Buttons = append(r.Buttons, button(label, talk.MenuToken("stats", p)))
	}
	last := talk.Row{Buttons: []talk.Button{button(t.T("btn.chart"), talk.MenuToken("chart", "week"))}}
	if shown != nil {
		last.Buttons = append(last.Buttons, button(t.T("btn.export"), exportToken(*shown, t.Settings().Location())))
	}
	return []talk.Row{{Buttons: r.Buttons[:2]}, {Buttons: r.Buttons[2:]}, last}
}
