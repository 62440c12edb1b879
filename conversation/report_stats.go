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
	if errors.Is(err, desk.ErrInvalid) {
		var e *desk.Error
		if errors.As(err, &e) && e.Msg == "err.bad_period" {
			t.say("err.bad_period", commandPrefix(t.in.Platform))
		} else {
			t.fail(err)
		}
		t.send(talk.Message{Text: t.T("stats.choose", commandPrefix(t.in.Platform)), Rows: t.periodRows("")})
		return
	}
	if err != nil {
		t.fail(err)
		return
	}
	t.send(talk.Message{Text: i18n.PeriodStats(t.lang, st, t.Settings().Location()), Rows: t.periodRows(st.Period.Kind)})
}

// periodRows offers the common periods, the one shown marked, and the
// week as a picture.
func (t *turn) periodRows(shown string) []talk.Row {
	var r talk.Row
	for _, p := range desk.Periods {
		label := t.T("period." + p)
		if p == shown {
			label = "• " + label
		}
		r.Buttons = append(r.Buttons, button(label, talk.MenuToken("stats", p)))
	}
	chart := talk.Row{Buttons: []talk.Button{button(t.T("btn.chart"), talk.MenuToken("chart", "week"))}}
	return []talk.Row{{Buttons: r.Buttons[:2]}, {Buttons: r.Buttons[2:]}, chart}
}
