package conversation

import (
	"strconv"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// Report steps, in order. The summary lets the person change any of them.
const (
	stepZone        = "zone"
	stepBuilding    = "building"
	stepRoom        = "room"
	stepAddress     = "address"
	stepProblem     = "problem"
	stepTitle       = "title"
	stepDescription = "description"
	stepFAQ         = "faq"
	stepPhotos      = "photos"
	stepWindow      = "window"
	stepWindowText  = "window_text"
	stepContact     = "contact"
	stepSummary     = "summary"
)

// editable are the fields the summary offers to change, in order.
var editable = []string{stepZone, stepRoom, stepAddress, stepProblem, stepTitle, stepDescription, stepPhotos, stepWindow, stepContact}

func reportFlow() flow {
	return flow{first: stepZone, pausable: true, steps: reportSteps(submitReport)}
}

// editFlow changes a pending ticket: the same questions, starting from
// the summary, ending in "Save".
func editFlow() flow {
	return flow{first: stepSummary, steps: reportSteps(submitEdit)}
}

// reportSteps are the questions of a report, in the order asked, ending in
// a summary whose main button calls submit.
func reportSteps(submit func(t *turn) (string, error)) map[string]step {
	return steps(placeSteps(), faultSteps(), whenSteps(), summarySteps(submit), urgentSteps())
}

// placeSteps asks where the fault is: zone, building, room, address.
func placeSteps() map[string]step {
	return map[string]step{
		stepZone: {
			ask: func(t *turn) talk.Message {
				return t.question("rep.zone", t.options(zoneNames(t.Catalog()), 2))
			},
			take: func(t *turn) (string, error) {
				z, err := t.picked(zoneNames(t.Catalog()))
				if err != nil {
					return "", err
				}
				t.s.Draft.Report.Location.Zone = z
				return stepBuilding, nil
			},
		},
		stepBuilding: {
			ask: func(t *turn) talk.Message {
				z, _ := t.Catalog().Zone(t.s.Draft.Report.Location.Zone)
				return t.question("rep.building", t.options(z.Buildings, 2), z.Name)
			},
			take: func(t *turn) (string, error) {
				z, _ := t.Catalog().Zone(t.s.Draft.Report.Location.Zone)
				b, err := t.picked(z.Buildings)
				if err != nil {
					return "", err
				}
				t.s.Draft.Report.Location.Building = b
				return stepRoom, nil
			},
		},
		stepRoom:    textStep("rep.room", desk.MaxShort, false, func(d *Draft) *string { return &d.Report.Location.Room }, stepAddress),
		stepAddress: textStep("rep.address", desk.MaxAddress, false, func(d *Draft) *string { return &d.Report.Location.Address }, stepProblem),
	}
}

// faultSteps asks what is wrong: problem type, title, description (with FAQ offered), photos.
func faultSteps() map[string]step {
	return map[string]step{
		stepProblem: {
			ask: func(t *turn) talk.Message {
				return t.question("rep.problem", t.options(t.Catalog().ProblemTypes, 2))
			},
			take: func(t *turn) (string, error) {
				p, err := t.picked(t.Catalog().ProblemTypes)
				if err != nil {
					return "", err
				}
				t.s.Draft.Report.ProblemType = p
				if t.s.Draft.Quoted {
					// Made from a message: what it says is filled in;
					// the summary shows it and lets it be changed.
					return stepWindow, nil
				}
				return stepTitle, nil
			},
		},
		stepTitle: textStep("rep.title", desk.MaxTitle, true, func(d *Draft) *string { return &d.Report.Title }, stepDescription),
		stepDescription: {
			ask: func(t *turn) talk.Message { return t.question("rep.description", nil) },
			take: func(t *turn) (string, error) {
				s, err := t.textAnswer(desk.MaxText, true)
				if err != nil {
					return "", err
				}
				t.s.Draft.Report.Description = s
				if len(t.suggestions()) > 0 {
					return stepFAQ, nil
				}
				return stepPhotos, nil
			},
		},
		stepFAQ: {
			ask: func(t *turn) talk.Message {
				var b strings.Builder
				b.WriteString(t.T("rep.faq"))
				for _, a := range t.suggestions() {
					b.WriteString("\n\n• " + a.Title + "\n" + a.Body)
				}
				return talk.Message{Text: b.String(), Rows: []talk.Row{{Buttons: []talk.Button{
					t.choice(t.T("btn.still_report"), "go"), t.choice(t.T("btn.solved"), "solved"),
				}}}}
			},
			take: func(t *turn) (string, error) {
				if t.isPress && t.pressed == "solved" {
					t.endFlow()
					t.s.Paused = nil
					t.say("rep.solved")
					return "", nil
				}
				return stepPhotos, nil
			},
		},
		stepPhotos: photoStep("rep.photos", func(d *Draft) *[]string { return &d.Report.Photos }, stepWindow),
	}
}

// whenSteps asks when to come and whom to call.
func whenSteps() map[string]step {
	return map[string]step{
		stepWindow: {
			ask:  (*turn).askWindow,
			take: (*turn).takeWindow,
		},
		stepWindowText: {
			ask: func(t *turn) talk.Message {
				return t.question("rep.window_text", nil, t.now().In(t.Settings().Location()).Format("2006-01-02"))
			},
			take: func(t *turn) (string, error) {
				w, err := parseWindow(t.in.Text, t.now(), t.Settings().Location())
				if err != nil {
					return "", err
				}
				if t.in.Kind != talk.KindText {
					return "", errInvalid("err.want_text")
				}
				t.s.Draft.Report.Window = w
				return stepContact, nil
			},
		},
		stepContact: {
			ask: func(t *turn) talk.Message {
				m := t.question("rep.contact", []talk.Row{{Buttons: []talk.Button{t.choice(t.T("btn.use_phone", t.user.Phone), "profile")}}})
				return m
			},
			take: func(t *turn) (string, error) {
				if t.isPress && t.pressed == "profile" {
					t.s.Draft.Report.Contact = t.user.Phone
					return stepSummary, nil
				}
				if t.in.Kind != talk.KindText && t.in.Kind != talk.KindContact {
					return "", errInvalid("err.want_phone")
				}
				p, err := desk.CleanPhone(t.in.Text)
				if err != nil {
					return "", err
				}
				t.s.Draft.Report.Contact = p
				return stepSummary, nil
			},
		},
	}
}

// summarySteps shows the report for a last look: submit it, drop it, or
// change one field and come back.
func summarySteps(submit func(t *turn) (string, error)) map[string]step {
	return map[string]step{
		stepSummary: {
			ask: (*turn).askSummary,
			take: func(t *turn) (string, error) {
				if !t.isPress {
					return "", errInvalid("err.want_choice")
				}
				if next, ok := t.summaryUrgent(); ok {
					return next, nil
				}
				switch v := t.pressed; {
				case v == "submit":
					return submit(t)
				case v == "drop":
					t.endFlow()
					t.s.Paused = nil
					t.say("cancel.done")
					return "", nil
				case strings.HasPrefix(v, "edit:"):
					field := strings.TrimPrefix(v, "edit:")
					if _, ok := flows[flowReport].steps[field]; !ok {
						return "", errInvalid("err.want_choice")
					}
					t.s.Draft.Return = stepSummary
					return field, nil
				}
				return "", errInvalid("err.want_choice")
			},
		},
	}
}

func zoneNames(c desk.Catalog) []string {
	names := make([]string, len(c.Zones))
	for i, z := range c.Zones {
		names[i] = z.Name
	}
	return names
}

// textStep asks for one text field.
func textStep(key string, limit int, required bool, field func(*Draft) *string, next string) step {
	return step{
		ask: func(t *turn) talk.Message {
			var rows []talk.Row
			if !required {
				rows = []talk.Row{t.skipRow()}
			}
			return t.question(key, rows)
		},
		take: func(t *turn) (string, error) {
			s, err := t.textAnswer(limit, required)
			if err != nil {
				return "", err
			}
			*field(&t.s.Draft) = s
			return next, nil
		},
	}
}

// photoStep gathers optional photos until "Done", then goes to next, or
// runs finish when the photos are the dialogue's last answer.
func photoStep(key string, field func(*Draft) *[]string, next string, finish ...func(*turn) (string, error)) step {
	return step{
		ask: func(t *turn) talk.Message {
			n := len(*field(&t.s.Draft))
			if n == 0 {
				return t.question(key, []talk.Row{{Buttons: []talk.Button{t.choice(t.T("btn.skip"), "done")}}}, n, desk.MaxPhotos)
			}
			// Photos already taken (sent just now, or before the person
			// came back from the summary) can be dropped one by one.
			return t.question("photo.more", []talk.Row{
				{Buttons: []talk.Button{t.choice(t.T("btn.done"), "done")}},
				{Buttons: []talk.Button{t.choice(t.T("btn.photo_undo"), "undo"), t.choice(t.T("btn.photo_clear"), "clear")}},
			}, n, desk.MaxPhotos)
		},
		take: func(t *turn) (string, error) {
			photos := field(&t.s.Draft)
			switch {
			case t.isPress && t.pressed == "undo" && len(*photos) > 0:
				*photos = (*photos)[:len(*photos)-1]
				return t.s.Step, nil
			case t.isPress && t.pressed == "clear":
				*photos = nil
				return t.s.Step, nil
			case t.isPress && (t.pressed == "done" || t.pressed == "skip"),
				t.in.Kind == talk.KindText && isDoneWord(t.in.Text):
				if len(finish) > 0 {
					return finish[0](t)
				}
				return next, nil
			case t.in.Kind != talk.KindPhoto || t.in.Photo == "":
				return "", errInvalid("err.want_photo")
			case len(*photos) >= desk.MaxPhotos:
				return "", errInvalid("err.too_many_photos", desk.MaxPhotos)
			}
			*photos = append(*photos, t.in.Photo)
			return t.s.Step, nil // stay: more photos may follow
		},
	}
}

func isDoneWord(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "done", "skip", "-", "完成", "跳过", "好了":
		return true
	}
	return false
}

// suggestions are the FAQ articles matching the draft's fault.
func (t *turn) suggestions() []desk.Article {
	r := t.s.Draft.Report
	as, err := t.svc().SuggestFAQ(t.ctx, r.Title+" "+r.Description, 2)
	if err != nil {
		t.e.log.Warn("faq search", "err", err)
	}
	return as
}

// submitReport files the report. It is keyed by the session and the
// version of the question answered: if the desk stops after filing and
// before the dialogue is saved, the same Submit pressed again answers with
// the ticket already open instead of opening a second.
func submitReport(t *turn) (string, error) {
	key := "dialogue:" + t.s.ID + ":" + strconv.Itoa(t.s.Version)
	tk, err := t.fileDraft(key)
	if err != nil {
		return "", err
	}
	t.acted = true
	t.endFlow()
	t.s.Paused = nil
	t.send(talk.Message{Text: t.T("rep.submitted", tk.Ref()), Rows: []talk.Row{{Buttons: []talk.Button{
		button(t.T("btn.details"), talk.TicketToken("detail", tk.ID)), button(t.T("btn.mine"), talk.MenuToken("mine")),
	}}}})
	return "", nil
}

func submitEdit(t *turn) (string, error) {
	tk, err := t.svc().Edit(t.ctx, t.user, t.s.Draft.Ticket, t.s.Draft.Report)
	if err != nil {
		return "", err
	}
	t.acted = true
	t.endFlow()
	t.say("edit.saved", tk.Ref())
	t.details(tk)
	return "", nil
}
