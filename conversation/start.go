package conversation

import (
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// cmdStart greets, or registers a newcomer. A room's code (roomCode)
// opens a report with the location filled in; one whose building is no
// longer in the catalogue says so and asks for the place.
func (t *turn) cmdStart(payload string) {
	loc, isCode, found := readRoomCode(t.Catalog(), payload)
	if isCode && !found {
		t.say("start.code_gone")
	}
	if !t.user.Registered {
		t.preface("reg.welcome")
		d := Draft{Name: t.in.Name}
		if found {
			d.Report.Location = loc
		}
		t.startFlow(flowRegister, d)
		return
	}
	switch {
	case found:
		t.reportAt(loc)
	case isCode:
		t.startFlow(flowReport, Draft{})
	default:
		t.say("start.back", t.user.Name)
		t.help()
	}
}

// reportAt starts a report whose location is known (from a room's QR
// code): the first question is the problem type.
func (t *turn) reportAt(loc desk.Location) {
	t.pause()
	t.dirty = true
	t.s.Flow, t.s.Step, t.s.Draft = flowReport, stepProblem, Draft{Report: desk.Report{Location: loc}}
	t.say("rep.at", loc.Building, loc.Room)
	t.ask()
}

func atoiOr(s string, def int) int {
	n := 0
	if s == "" {
		return def
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return def
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// cmdReport starts a report, or offers to resume the one set aside.
func (t *turn) cmdReport(arg string) {
	if t.in.Quote != nil {
		t.reportQuoted(*t.in.Quote)
		return
	}
	switch {
	case arg == "resume" && t.s.Paused != nil:
		p := *t.s.Paused
		t.s.Paused = nil
		t.dirty = true
		t.s.Flow, t.s.Step, t.s.Draft = p.Flow, p.Step, p
		t.say("rep.resumed")
		t.ask()
	case arg == "new" || t.s.Paused == nil:
		if err := t.svc().CanReport(t.ctx, t.user); err != nil {
			t.fail(err)
			return
		}
		t.s.Paused = nil
		if t.s.Flow == flowReport && t.s.Step != stepZone && arg != "new" {
			t.say("rep.in_progress")
			t.ask()
			return
		}
		t.endFlow()
		t.startFlow(flowReport, Draft{})
	default:
		paused := t.T("rep.paused_untitled")
		if title := t.s.Paused.Report.Title; title != "" {
			paused = t.T("rep.paused", title)
		}
		t.send(talk.Message{Text: paused, Rows: []talk.Row{{Buttons: []talk.Button{
			button(t.T("btn.resume_report"), talk.MenuToken("report", "resume")), button(t.T("btn.new_report"), talk.MenuToken("report", "new")),
		}}}})
	}
}
