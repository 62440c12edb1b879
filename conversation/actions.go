package conversation

import (
	"strconv"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// finish ends a ticket dialogue after the desk acted, and shows the ticket.
func (t *turn) finish(tk *desk.Ticket, key string) (string, error) {
	t.acted = true
	t.endFlow()
	t.say(key, tk.Ref())
	t.details(tk)
	return "", nil
}

// Cancel before claim: a reason, then a confirmation (the manual's
// "点击撤销弹出确认框，请谨慎操作").
func cancelFlow() flow {
	return flow{first: "reason", steps: map[string]step{
		"reason": textStep("cancel.reason", desk.MaxText, true, func(d *Draft) *string { return &d.Text }, "confirm"),
		"confirm": {
			ask: func(t *turn) talk.Message {
				return t.question("cancel.confirm", []talk.Row{{Buttons: []talk.Button{
					t.choice(t.T("btn.yes_cancel"), "yes"), t.choice(t.T("btn.no_keep"), "no"),
				}}}, "#"+t.s.Draft.Ticket, t.s.Draft.Text)
			},
			take: func(t *turn) (string, error) {
				if !t.isPress {
					return "", errInvalid("err.want_choice")
				}
				if t.pressed != "yes" {
					t.endFlow()
					t.say("cancel.kept")
					return "", nil
				}
				tk, err := t.svc().Cancel(t.ctx, t.user, t.s.Draft.Ticket, t.s.Draft.Text)
				if err != nil {
					t.endFlow()
					return "", err
				}
				return t.finish(tk, "cancel.ticket_done")
			},
		},
	}}
}

// Reply: one message (text or photo) to the other side of the ticket.
func replyFlow() flow {
	return flow{first: "text", steps: map[string]step{
		"text": {
			ask: func(t *turn) talk.Message { return t.question("reply.ask", nil, "#"+t.s.Draft.Ticket) },
			take: func(t *turn) (string, error) {
				var photos []string
				text := ""
				switch t.in.Kind {
				case talk.KindPhoto:
					photos, text = []string{t.in.Photo}, t.in.Text
				case talk.KindText:
					text = t.in.Text
				default:
					return "", errInvalid("err.want_text")
				}
				tk, err := t.svc().Reply(t.ctx, t.user, t.s.Draft.Ticket, text, photos)
				if err != nil {
					return "", err
				}
				t.acted = true
				t.endFlow()
				t.say("reply.sent", tk.Ref())
				return "", nil
			},
		},
	}}
}

// startRate begins rating; a star pressed on the notice skips a question.
func (t *turn) startRate(id, arg string) error {
	if err := t.startTicketFlow(flowRate, desk.ActRate, id); err != nil {
		return err
	}
	if n, err := strconv.Atoi(arg); err == nil && n >= 1 && n <= 5 {
		t.out = t.out[:len(t.out)-1] // the stars question is answered
		t.s.Draft.Stars = n
		t.s.Step = "comment"
		t.ask()
	}
	return nil
}

func rateFlow() flow {
	return flow{first: "stars", steps: map[string]step{
		"stars": {
			ask: func(t *turn) talk.Message {
				var r talk.Row
				for i := 1; i <= 5; i++ {
					r.Buttons = append(r.Buttons, t.choice(strconv.Itoa(i)+"★", strconv.Itoa(i)))
				}
				return t.question("rate.stars", []talk.Row{r}, "#"+t.s.Draft.Ticket)
			},
			take: func(t *turn) (string, error) {
				v := t.in.Text
				if t.isPress {
					v = t.pressed
				}
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || n > 5 || t.in.Kind == talk.KindPhoto {
					return "", errInvalid("err.bad_stars")
				}
				t.s.Draft.Stars = n
				return "comment", nil
			},
		},
		"comment": {
			ask: func(t *turn) talk.Message { return t.question("rate.comment", []talk.Row{t.skipRow()}) },
			take: func(t *turn) (string, error) {
				c, err := t.textAnswer(desk.MaxText, false)
				if err != nil {
					return "", err
				}
				tk, err := t.svc().Rate(t.ctx, t.user, t.s.Draft.Ticket, t.s.Draft.Stars, c)
				if err != nil {
					t.endFlow()
					return "", err
				}
				return t.finish(tk, "rate.done")
			},
		},
	}}
}

// Suspension request: a reason and optional photos.
func suspendFlow() flow {
	return flow{first: "reason", steps: map[string]step{
		"reason": textStep("suspend.reason", desk.MaxText, true, func(d *Draft) *string { return &d.Text }, "photos"),
		"photos": photoStep("suspend.photos", func(d *Draft) *[]string { return &d.Photos }, "send"),
		"send": {
			ask: func(t *turn) talk.Message {
				return t.question("suspend.confirm", []talk.Row{{Buttons: []talk.Button{
					t.choice(t.T("btn.submit"), "yes"), t.choice(t.T("btn.drop"), "no"),
				}}}, "#"+t.s.Draft.Ticket)
			},
			take: func(t *turn) (string, error) {
				if !t.isPress {
					return "", errInvalid("err.want_choice")
				}
				if t.pressed != "yes" {
					t.endFlow()
					t.say("cancel.done")
					return "", nil
				}
				tk, err := t.svc().RequestSuspension(t.ctx, t.user, t.s.Draft.Ticket, t.s.Draft.Text, t.s.Draft.Photos)
				if err != nil {
					t.endFlow()
					return "", err
				}
				return t.finish(tk, "suspend.sent")
			},
		},
	}}
}

// Completion: repair type from the catalogue, result, photos.
func completeFlow() flow {
	return flow{first: "type", steps: map[string]step{
		"type": {
			ask: func(t *turn) talk.Message {
				return t.question("complete.type", t.options(t.Catalog().RepairTypes, 2), "#"+t.s.Draft.Ticket)
			},
			take: func(t *turn) (string, error) {
				v, err := t.picked(t.Catalog().RepairTypes)
				if err != nil {
					return "", err
				}
				t.s.Draft.Choice = v
				return "result", nil
			},
		},
		"result": textStep("complete.result", desk.MaxText, true, func(d *Draft) *string { return &d.Text }, "photos"),
		"photos": photoStep("complete.photos", func(d *Draft) *[]string { return &d.Photos }, "", func(t *turn) (string, error) {
			d := t.s.Draft
			tk, err := t.svc().Complete(t.ctx, t.user, d.Ticket, d.Choice, d.Text, d.Photos)
			if err != nil {
				t.endFlow()
				return "", err
			}
			return t.finish(tk, "complete.done")
		}),
	}}
}

// oneQuestion is a flow that asks for one text and then acts.
// It can be answered in a form too (Form), titled by the text formKey.
func oneQuestion(key, formKey string, required bool, act func(t *turn, text string) (*desk.Ticket, error), done string) flow {
	return flow{first: "text", steps: map[string]step{
		"text": {
			ask: func(t *turn) talk.Message {
				var rows []talk.Row
				if !required {
					rows = []talk.Row{t.skipRow()}
				}
				ref := "#" + t.s.Draft.Ticket
				return t.textForm(t.question(key, rows, ref), formKey, desk.MaxText, !required, ref)
			},
			take: func(t *turn) (string, error) {
				s, err := t.textAnswer(desk.MaxText, required)
				if err != nil {
					return "", err
				}
				tk, err := act(t, s)
				if err != nil {
					t.endFlow()
					return "", err
				}
				return t.finish(tk, done)
			},
		},
	}}
}

func releaseFlow() flow {
	return oneQuestion("release.reason", "release.form", true, func(t *turn, s string) (*desk.Ticket, error) {
		return t.svc().Release(t.ctx, t.user, t.s.Draft.Ticket, s)
	}, "release.done")
}

func rejectFlow() flow {
	return oneQuestion("reject.note", "reject.form", true, func(t *turn, s string) (*desk.Ticket, error) {
		return t.svc().Review(t.ctx, t.user, t.s.Draft.Ticket, false, s)
	}, "reject.done")
}

// Assign: a supervisor picks a technician.
func assignFlow() flow {
	return flow{first: "who", steps: map[string]step{
		"who": {
			ask: func(t *turn) talk.Message {
				names, _ := t.technicians()
				return t.question("assign.who", t.options(names, 2), "#"+t.s.Draft.Ticket)
			},
			take: func(t *turn) (string, error) {
				names, ids := t.technicians()
				name, err := t.picked(names)
				if err != nil {
					return "", err
				}
				for i, n := range names {
					if n == name {
						tk, err := t.svc().Assign(t.ctx, t.user, t.s.Draft.Ticket, ids[i])
						if err != nil {
							t.endFlow()
							return "", err
						}
						return t.finish(tk, "assign.done")
					}
				}
				return "", errInvalid("err.want_choice")
			},
		},
	}}
}

// technicians lists the people who may take jobs, as "name · department".
func (t *turn) technicians() (names, ids []string) {
	staff, err := t.svc().Staff(t.ctx, t.user)
	if err != nil {
		t.e.log.Warn("list staff", "err", err)
	}
	for _, u := range staff {
		if u.Is(desk.RoleTechnician) {
			names = append(names, u.Name+" · "+u.Department)
			ids = append(ids, u.ID)
		}
	}
	return names, ids
}

func itoa(n int) string { return strconv.Itoa(n) }
