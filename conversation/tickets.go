package conversation

import (
	"context"
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
		if a == desk.ActClaim && t.svc().MayClaim(t.ctx, t.user, tk) != nil {
			continue // another queue's ticket
		}
		r.Buttons = append(r.Buttons, button(t.T("act."+string(a)), talk.TicketToken(string(a), tk.ID)))
		if len(r.Buttons) == 3 {
			rows, r = append(rows, r), talk.Row{}
		}
	}
	if b, ok := t.priorityButton(tk); ok {
		r.Buttons = append(r.Buttons, b)
	}
	if photos := allPhotos(tk); len(photos) > 0 {
		r.Buttons = append(r.Buttons, button(t.T("btn.photos"), talk.TicketToken("photos", tk.ID)))
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
	msg := talk.Message{Text: t.detailText(tk), Rows: t.ticketRows(tk)}
	if tk.State == desk.Pending && tk.Requester.ID == t.user.ID {
		if w := desk.UrgeWait(tk, t.now(), t.Settings()); w > 0 {
			msg.Text += "\n\n" + t.T("urge.later", i18n.Duration(t.lang, w))
		} else {
			phone := t.Settings().CentrePhone
			msg.Text += "\n\n" + t.T("urge.centre", phone)
			msg.Phones = []string{phone}
		}
	}
	t.send(msg)
}

func (t *turn) cmdTicket(arg string) {
	id := strings.TrimPrefix(strings.TrimSpace(arg), "#")
	if !talk.ValidID(id) {
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

// ticketAction handles a ticket button: the token names the action, the
// table below says what a press of it does.
func (t *turn) ticketAction(tk talk.Token) {
	press, ok := ticketButtons[tk.Name]
	if !ok {
		t.say("err.unknown_button")
		t.toast = t.T("err.unknown_button")
		return
	}
	if err := press(t, tk.Ticket, tk.Arg); err != nil {
		t.fail(err)
	}
}

// pressHandler is what one kind of ticket button does with the ticket's ID
// and the token's argument.
type pressHandler func(t *turn, id, arg string) error

// Buttons that only show a ticket; every other ticket button is an action.
const (
	viewDetail = "detail"
	viewPhotos = "photos"
)

// ticketButtons maps a ticket button's action to what its press does.
// Actions that need more input start the dialogue of the same name; the
// rest happen at once.
var ticketButtons map[string]pressHandler

func init() {
	ticketButtons = map[string]pressHandler{
		viewDetail: func(t *turn, id, _ string) error {
			res, err := t.svc().Ticket(t.ctx, t.user, id)
			if err == nil {
				t.details(res)
			}
			return err
		},
		viewPhotos: func(t *turn, id, _ string) error {
			res, err := t.svc().Ticket(t.ctx, t.user, id)
			if err == nil {
				t.send(talk.Message{Text: t.T("photos.of", res.Ref()), Photos: allPhotos(res)})
			}
			return err
		},
		string(desk.ActClaim):   immediate(desk.ActClaim, (*desk.Service).Claim),
		string(desk.ActUrge):    immediate(desk.ActUrge, (*desk.Service).Urge),
		string(desk.ActResume):  immediate(desk.ActResume, (*desk.Service).Resume),
		string(desk.ActApprove): immediate(desk.ActApprove, approve),
		string(desk.ActRate):    func(t *turn, id, arg string) error { return t.startRate(id, arg) },
	}
	for _, a := range []desk.Action{desk.ActEdit, desk.ActCancel, desk.ActReply, desk.ActSuspend,
		desk.ActComplete, desk.ActRelease, desk.ActReject, desk.ActAssign} {
		ticketButtons[string(a)] = func(t *turn, id, _ string) error { return t.startTicketFlow(string(a), a, id) }
	}
	addPriorityButtons()
}

// approve is a supervisor's approval without a note, as the button gives it.
func approve(s *desk.Service, ctx context.Context, actor *desk.User, id string) (*desk.Ticket, error) {
	return s.Review(ctx, actor, id, true, "")
}

// immediate is an action that needs nothing more than the press.
func immediate(a desk.Action, do func(*desk.Service, context.Context, *desk.User, string) (*desk.Ticket, error)) pressHandler {
	return func(t *turn, id, _ string) error {
		res, err := do(t.svc(), t.ctx, t.user, id)
		if err != nil {
			return err
		}
		t.acted = true
		t.toast = t.T(string(a)+".done", res.Ref())
		switch a {
		case desk.ActClaim:
			t.say("claim.done", res.Ref())
			t.details(res)
		case desk.ActUrge:
			// The manual shows the maintenance centre's phone with the urge.
			phone := t.Settings().CentrePhone
			t.send(talk.Message{Text: t.T("urge.sent", res.Ref(), phone), Phones: []string{phone}})
		default:
			t.say(string(a)+".done", res.Ref())
		}
		return nil
	}
}

// startTicketFlow starts a dialogue about a ticket, after checking that the
// person may take the action at all, so nobody is asked for a reason only
// to be refused at the end.
func (t *turn) startTicketFlow(name string, a desk.Action, id string) error {
	tk, err := t.svc().Allowed(t.ctx, t.user, id, a, t.Settings())
	if err != nil {
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
		r.Buttons = append(r.Buttons, button(tk.Ref(), talk.TicketToken("detail", tk.ID)))
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
		filter.Buttons = append(filter.Buttons, button(label, talk.MenuToken("mine", string(s))))
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

// overdue lists what waits on the supervisors: tickets past their time,
// and suspension requests not yet reviewed.
func (t *turn) overdue() {
	ts, err := t.svc().Overdue(t.ctx, t.user)
	t.listOf("overdue.title", ts, err)
	if err == nil {
		t.waitingReview()
	}
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
		t.overdue() // with the requests waiting for review
	}
}

// waitingReview lists suspension requests waiting for a supervisor.
func (t *turn) waitingReview() {
	ts, err := t.svc().LiveTickets(t.ctx, desk.Accepted)
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
