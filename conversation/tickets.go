package conversation

import (
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// actionButtons are the ticket buttons, in the order a details page shows
// them. Only those desk.Check allows for this person now are offered.
var actionButtons = []desk.Action{
	desk.ActClaim, desk.ActEdit, desk.ActCancel, desk.ActUrge, desk.ActReply,
	desk.ActSuspend, desk.ActResume, desk.ActComplete, desk.ActRelease,
	desk.ActApprove, desk.ActReject, desk.ActAssign, desk.ActRate,
}

// ticketRows offers what the person may do with the ticket now.
func (t *turn) ticketRows(tk *desk.Ticket) []talk.Row {
	var rows []talk.Row
	var r talk.Row
	for _, a := range actionButtons {
		if desk.Check(tk, a, t.user, t.now(), t.Settings()) != nil {
			continue
		}
		r.Buttons = append(r.Buttons, button(t.T("act."+string(a)), ticketToken(string(a), tk.ID)))
		if len(r.Buttons) == 3 {
			rows, r = append(rows, r), talk.Row{}
		}
	}
	if photos := allPhotos(tk); len(photos) > 0 {
		r.Buttons = append(r.Buttons, button(t.T("btn.photos"), ticketToken("photos", tk.ID)))
	}
	if len(r.Buttons) > 0 {
		rows = append(rows, r)
	}
	return rows
}

func allPhotos(tk *desk.Ticket) []string {
	photos := append([]string(nil), tk.Photos...)
	for _, s := range tk.Suspensions {
		photos = append(photos, s.Photos...)
	}
	if tk.Completion != nil {
		photos = append(photos, tk.Completion.Photos...)
	}
	for _, r := range tk.Replies {
		photos = append(photos, r.Photos...)
	}
	return photos
}

// details shows a ticket and what the person may do with it.
func (t *turn) details(tk *desk.Ticket) {
	text := t.detailText(tk)
	if tk.State == desk.Pending && tk.Requester.ID == t.user.ID {
		if w := desk.UrgeWait(tk, t.now(), t.Settings()); w > 0 {
			text += "\n\n" + t.T("urge.later", fmtDuration(t.lang, w))
		} else {
			text += "\n\n" + t.T("urge.centre", t.Settings().CentrePhone)
		}
	}
	t.send(talk.Message{Text: text, Rows: t.ticketRows(tk)})
}

func (t *turn) cmdTicket(arg string) {
	id := strings.TrimPrefix(strings.TrimSpace(arg), "#")
	if !validID(id) {
		t.say("err.want_ticket", commandPrefix(t.in.Platform))
		return
	}
	tk, err := t.svc().Ticket(t.ctx, t.user, id)
	if err != nil {
		t.fail(err)
		return
	}
	t.details(tk)
}

// ticketAction handles a ticket button. Actions that need more input
// start a dialogue; the rest happen at once.
func (t *turn) ticketAction(tk token) {
	svc, ctx, id := t.svc(), t.ctx, tk.ticket
	var (
		res *desk.Ticket
		err error
	)
	switch tk.name {
	case "detail":
		res, err = svc.Ticket(ctx, t.user, id)
		if err == nil {
			t.details(res)
		}
	case "photos":
		res, err = svc.Ticket(ctx, t.user, id)
		if err == nil {
			t.send(talk.Message{Text: t.T("photos.of", res.Ref()), Photos: allPhotos(res)})
		}
	case "claim", "urge", "resume", "approve":
		err = t.immediate(tk.name, id)
	case "edit", "cancel", "reply", "suspend", "complete", "release", "reject", "assign":
		// Each of these asks for more: its dialogue has the action's name.
		err = t.startTicketFlow(tk.name, desk.Action(tk.name), id)
	case "rate":
		err = t.startRate(id, tk.arg)
	default:
		t.say("err.unknown_button")
		t.toast = t.T("err.unknown_button")
		return
	}
	if err != nil {
		t.fail(err)
	}
}

// immediate takes an action that needs nothing more than the press.
func (t *turn) immediate(action, id string) error {
	svc, ctx := t.svc(), t.ctx
	var res *desk.Ticket
	var err error
	switch action {
	case "claim":
		res, err = svc.Claim(ctx, t.user, id)
	case "urge":
		res, err = svc.Urge(ctx, t.user, id)
	case "resume":
		res, err = svc.Resume(ctx, t.user, id)
	case "approve":
		res, err = svc.Review(ctx, t.user, id, true, "")
	}
	if err != nil {
		return err
	}
	t.acted = true
	t.toast = t.T(action+".done", res.Ref())
	switch action {
	case "claim":
		t.say("claim.done", res.Ref())
		t.details(res)
	case "urge":
		// The manual shows the maintenance centre's phone with the urge.
		t.say("urge.sent", res.Ref(), t.Settings().CentrePhone)
	default:
		t.say(action+".done", res.Ref())
	}
	return nil
}

// startTicketFlow starts a dialogue about a ticket, after checking that the
// person may take the action at all, so nobody is asked for a reason only
// to be refused at the end.
func (t *turn) startTicketFlow(name string, a desk.Action, id string) error {
	tk, err := t.svc().Tickets.Get(t.ctx, id)
	if err != nil {
		return &desk.Error{Kind: desk.ErrNotFound, Msg: "err.no_ticket", Args: []any{"#" + id}, Err: err}
	}
	if err := desk.Check(tk, a, t.user, t.now(), t.Settings()); err != nil {
		return err
	}
	d := Draft{Ticket: id}
	if name == flowEdit {
		d.Report = tk.Report
	}
	t.toast = t.T("act." + string(a))
	t.startFlow(name, d)
	return nil
}

// list shows tickets as lines with a details button each.
func (t *turn) list(title string, ts []*desk.Ticket, extra []talk.Row) {
	if len(ts) == 0 {
		t.send(talk.Message{Text: title + "\n\n" + t.T("list.empty"), Rows: extra})
		return
	}
	var b strings.Builder
	b.WriteString(title + "\n")
	var rows []talk.Row
	var r talk.Row
	for _, tk := range ts {
		b.WriteString("\n" + t.line(tk))
		r.Buttons = append(r.Buttons, button(tk.Ref(), ticketToken("detail", tk.ID)))
		if len(r.Buttons) == 4 {
			rows, r = append(rows, r), talk.Row{}
		}
	}
	if len(r.Buttons) > 0 {
		rows = append(rows, r)
	}
	t.send(talk.Message{Text: b.String(), Rows: append(rows, extra...)})
}

func (t *turn) cmdMine(arg string) {
	state := desk.State(strings.TrimSpace(arg))
	valid := state == ""
	for _, s := range desk.States {
		valid = valid || s == state
	}
	if !valid {
		state = ""
	}
	ts, err := t.svc().Mine(t.ctx, t.user, state, 20)
	if err != nil {
		t.fail(err)
		return
	}
	var filter talk.Row
	for _, s := range desk.States {
		label := t.T("state." + string(s))
		if s == state {
			label = "• " + label
		}
		filter.Buttons = append(filter.Buttons, button(label, menuToken("mine", string(s))))
	}
	title := t.T("mine.title")
	if state != "" {
		title += " · " + t.T("state."+string(state))
	}
	t.list(title, ts, []talk.Row{filter})
}

// listOf shows the tickets a query found, at most a screenful of them.
func (t *turn) listOf(titleKey string, ts []*desk.Ticket, err error) {
	if err != nil {
		t.fail(err)
		return
	}
	t.list(t.T(titleKey), ts[:min(len(ts), 30)], nil)
}

func (t *turn) jobs() {
	ts, err := t.svc().Jobs(t.ctx, t.user)
	t.listOf("jobs.title", ts, err)
}

func (t *turn) pool() {
	ts, err := t.svc().Pool(t.ctx, t.user)
	t.listOf("pool.title", ts, err)
}

func (t *turn) overdue() {
	ts, err := t.svc().Overdue(t.ctx, t.user)
	t.listOf("overdue.title", ts, err)
}

func (t *turn) stats() {
	st, err := t.svc().Stats(t.ctx, t.user)
	if err != nil {
		t.fail(err)
		return
	}
	t.send(talk.Message{Text: statsText(t.lang, st)})
}

// statsText renders the desk's figures (also the daily digest's).
func statsText(lang string, st desk.Stats) string {
	var b strings.Builder
	b.WriteString(i18n.T(lang, "stats.title") + "\n")
	for _, s := range desk.States {
		b.WriteString(i18n.T(lang, "state."+string(s)) + ": " + itoa(st.ByState[s]) + "\n")
	}
	b.WriteString(i18n.T(lang, "stats.more", st.Overdue, fmtDuration(lang, st.AvgWait), fmtDuration(lang, st.AvgRepair), st.Rated, st.AvgStars))
	return b.String()
}

// home is an overview for a person: open tickets, and the work waiting for
// their role. Slack shows it on the App Home tab.
func (t *turn) home() {
	if !t.user.Registered {
		t.needRegistration()
		return
	}
	mine, err := t.svc().Mine(t.ctx, t.user, "", 20)
	if err != nil {
		t.fail(err)
		return
	}
	var open []*desk.Ticket
	for _, tk := range mine {
		if !tk.State.Final() || (tk.State == desk.Completed && tk.Rating == nil) {
			open = append(open, tk)
		}
	}
	t.list(t.T("home.mine"), open, t.menuRows())
	if t.user.Is(desk.RoleTechnician) {
		t.jobs()
	}
	if t.user.Is(desk.RoleSupervisor) {
		t.overdue()
		t.waitingReview()
	}
}

// waitingReview lists suspension requests waiting for a supervisor.
func (t *turn) waitingReview() {
	ts, err := t.svc().Tickets.Live(t.ctx, desk.Filter{States: []desk.State{desk.Accepted}})
	if err != nil {
		t.fail(err)
		return
	}
	var waiting []*desk.Ticket
	for _, tk := range ts {
		if tk.WaitingSuspension() != nil {
			waiting = append(waiting, tk)
		}
	}
	t.list(t.T("review.title"), waiting, nil)
}
