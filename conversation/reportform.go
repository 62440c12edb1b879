package conversation

import (
	"context"
	"errors"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// A platform with forms (Slack's modals) may ask for a whole report at
// once instead of question by question. The form is only another way to
// fill in the draft: it opens for whom the report dialogue would start,
// it is checked by the dialogue's own rules, and it is filed in a turn of
// the person's, with the same checks and the same answer as the
// dialogue's Submit. No platform files a ticket by any other path.

// ErrNoForm is ReportForm's answer when the person may not report now:
// the platform hands them the dialogue, which says why.
var ErrNoForm = errors.New("no report form for this person now")

// ReportForm returns what a report form opens with for the person of in:
// who they are (their language, their phone) and the catalogue's choices.
// It returns ErrNoForm, wrapped, for someone not registered or over the
// report limit.
func (e *Engine) ReportForm(ctx context.Context, in talk.Input) (*desk.User, desk.Catalog, error) {
	user, err := e.svc.Account(ctx, in.Account, in.Lang)
	if err != nil {
		return nil, desk.Catalog{}, err
	}
	if !user.Registered {
		return nil, desk.Catalog{}, ErrNoForm
	}
	if err := e.svc.CanReport(ctx, user); err != nil {
		return nil, desk.Catalog{}, errors.Join(ErrNoForm, err)
	}
	cat, err := e.svc.Catalog(ctx)
	if err != nil {
		return nil, desk.Catalog{}, err
	}
	return user, cat, nil
}

// CheckReport cleans a report filled in a form by the rules its questions
// apply one by one in the dialogue (desk.CleanReport), so that a form can
// show each problem beside its field before it closes. A problem is a
// *desk.Error whose message names the field.
func (e *Engine) CheckReport(ctx context.Context, r desk.Report) (desk.Report, error) {
	cat, err := e.svc.Catalog(ctx)
	if err != nil {
		return desk.Report{}, err
	}
	return desk.CleanReport(r, cat, e.svc.Now())
}

// Report files a report filled in a form as a turn of the person of in,
// and answers as the dialogue's Submit does, with the ticket's details
// after. A dialogue the person is in is left as it was. in.MessageID, when
// set, names the form: the same form filed again (after a crash, or a
// platform's retry) answers with the ticket it opened the first time.
// in.Text, when set, is why the person marked the report urgent.
func (e *Engine) Report(ctx context.Context, in talk.Input, r desk.Report) (talk.Response, error) {
	return e.take(ctx, in, func(t *turn) error {
		t.fileReport(r)
		return nil
	})
}

func (t *turn) fileReport(r desk.Report) {
	if !t.user.Registered {
		t.needRegistration()
		return
	}
	key := ""
	if t.in.MessageID != "" {
		key = "form:" + t.in.Platform + ":" + t.in.MessageID
	}
	tk, err := t.fileAs(r, key, strings.TrimSpace(t.in.Text))
	if err != nil {
		t.fail(err)
		return
	}
	t.acted = true
	t.say("rep.submitted", tk.Ref())
	t.details(tk)
}
