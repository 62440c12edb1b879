package slack

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/units"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// The report form: a Slack modal with every field of a report at once,
// beside the step-by-step dialogue. The engine decides who may have it
// (Engine.ReportForm), checks it with the dialogue's own rules in the
// acknowledgement of its submission (Engine.CheckReport), so that Slack
// shows each problem beside its field and keeps the form open, and files
// it as a turn of the person's, answering as the dialogue does
// (Engine.Report).

// formToken is the value of the adapter's own "report with a form"
// button. Desk tokens start with d:, t: or m:, so it cannot be one.
const formToken = "slack:form"

// formCallback names the form's view.
const formCallback = "report_form"

// The form's blocks, one per field; errors are keyed by them.
const (
	fieldWhere       = "where" // zone and building, one select
	fieldRoom        = "room"
	fieldAddress     = "address"
	fieldProblem     = "problem"
	fieldTitle       = "title"
	fieldDescription = "description"
	fieldContact     = "contact"
	fieldStart       = "start"
	fieldEnd         = "end"
	fieldUrgent      = "urgent" // why the report is urgent; empty: it is not
	actionValue      = "value"  // every field's one element
)

// Slack's limits on selects: 100 options, 75 characters a label, 150 a
// value.
const (
	maxOptions     = 100
	maxOptionLabel = 75
)

// openForm opens the report form for the person who pressed its button or
// typed "/repair form". A person the desk does not know yet, or who may
// not report now, or a trigger that ran out, gets the dialogue instead: it
// says why, or asks the same questions one by one.
func (b *Bot) openForm(ctx context.Context, ev *event, in talk.Input) {
	dialogue := func() {
		in.Kind, in.Token, in.Command, in.Text = talk.KindButton, "m:report", "", ""
		b.respond(ctx, ev, in, b.ask(ctx, in))
	}
	if ev.trigger == "" {
		dialogue()
		return
	}
	user, cat, err := b.engine.ReportForm(ctx, in)
	if err != nil {
		dialogue()
		return
	}
	lang := user.Lang
	if lang == "" {
		lang = in.Lang
	}
	view := reportForm(lang, cat, user.Phone)
	if in.Quote != nil {
		prefill(&view, lang, in.Quote, ev.quoteFiles)
	}
	err = b.call(ctx, "", forAnswers, func(ctx context.Context) error {
		_, err := b.api.OpenViewContext(ctx, ev.trigger, view)
		return err
	})
	if err != nil {
		b.log.Warn("slack: report form not opened; asking step by step", "account", in.Account, "err", err)
		dialogue()
	}
}

// reportForm is the modal, in lang, with the catalogue's choices.
func reportForm(lang string, cat desk.Catalog, phone string) slack.ModalViewRequest {
	plain := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	input := func(id, label string, optional bool, el slack.BlockElement) *slack.InputBlock {
		blk := slack.NewInputBlock(id, plain(say(lang, label)), nil, el)
		blk.Optional = optional
		return blk
	}
	text := func(limit int, multiline bool, initial string) *slack.PlainTextInputBlockElement {
		el := slack.NewPlainTextInputBlockElement(nil, actionValue)
		el.MaxLength, el.Multiline, el.InitialValue = limit, multiline, initial
		return el
	}
	var groups []*slack.OptionGroupBlockObject
	n := 0
	for _, z := range cat.Zones {
		var opts []*slack.OptionBlockObject
		for _, bld := range z.Buildings {
			if n == maxOptions {
				break
			}
			opts = append(opts, slack.NewOptionBlockObject(z.Name+"|"+bld, plain(units.Clip(bld, maxOptionLabel)), nil))
			n++
		}
		if len(opts) > 0 {
			groups = append(groups, slack.NewOptionGroupBlockElement(plain(units.Clip(z.Name, maxOptionLabel)), opts...))
		}
	}
	var problems []*slack.OptionBlockObject
	for _, p := range cat.ProblemTypes {
		if len(problems) < maxOptions {
			problems = append(problems, slack.NewOptionBlockObject(p, plain(units.Clip(p, maxOptionLabel)), nil))
		}
	}
	blocks := []slack.Block{
		input(fieldWhere, "f_where", false, slack.NewOptionsGroupSelectBlockElement(slack.OptTypeStatic, nil, actionValue, groups...)),
		input(fieldRoom, "f_room", true, text(desk.MaxShort, false, "")),
		input(fieldAddress, "f_address", true, text(desk.MaxAddress, false, "")),
		input(fieldProblem, "f_problem", false, slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, actionValue, problems...)),
		input(fieldTitle, "f_title", false, text(desk.MaxTitle, false, "")),
		input(fieldDescription, "f_description", false, text(desk.MaxText, true, "")),
		input(fieldContact, "f_contact", false, text(40, false, phone)),
		input(fieldStart, "f_start", true, slack.NewDateTimePickerBlockElement(actionValue)),
		input(fieldEnd, "f_end", true, slack.NewDateTimePickerBlockElement(actionValue)),
		input(fieldUrgent, "f_urgent", true, text(desk.MaxText, false, "")),
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: formCallback, PrivateMetadata: lang,
		Title: plain(say(lang, "f_heading")), Submit: plain(say(lang, "f_submit")), Close: plain(say(lang, "f_close")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// modalSubmission answers a modal's submission in its acknowledgement.
// For the report form: the problems beside their fields (the form stays
// open), or nothing (it closes) and the report is filed after, in the
// person's queue. A one-field form's answer or closing is queued for the
// desk (answerSubmitted). It reports false for interactions that are not
// about a modal.
func (b *Bot) modalSubmission(ctx context.Context, ic *slack.InteractionCallback) (any, bool) {
	switch {
	case ic.Type != slack.InteractionTypeViewSubmission && ic.Type != slack.InteractionTypeViewClosed:
		return nil, false
	case ic.View.CallbackID == answerCallback:
		return b.answerSubmitted(ctx, ic), true
	case ic.Type == slack.InteractionTypeViewClosed, ic.View.CallbackID != formCallback:
		return nil, true
	}
	lang, files := readFormMetadata(ic.View.PrivateMetadata)
	clean, err := b.engine.CheckReport(ctx, formReport(ic.View.State))
	var problem *desk.Error
	switch {
	case errors.As(err, &problem):
		field, text := formError(lang, err)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{field: text}), true
	case err != nil:
		b.log.Error("slack: report form not checked", "err", err)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldTitle: say(lang, "failed")}), true
	}
	team := ic.User.TeamID
	if team == "" {
		team = ic.Team.ID
	}
	// The modal's view ID names this form: filed twice (Slack retries a
	// submission it did not hear answered), it opens one ticket.
	// Why it is urgent travels as the input's text (Engine.Report).
	ev := &event{team: team, user: ic.User.ID, kind: talk.KindCommand, command: "form", report: &clean, ts: ic.View.ID,
		quoteFiles: files, text: strings.TrimSpace(formValue(ic.View.State, fieldUrgent))}
	if ic.TriggerID != "" {
		ev.once = "slack:trigger:" + ic.TriggerID
	}
	if err := b.receive(ctx, ev); err != nil {
		b.log.Warn("slack: report form not kept", "err", err)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldTitle: say(lang, "failed")}), true
	}
	return nil, true
}

// formValue is a text field of the form as the person left it.
func formValue(st *slack.ViewState, block string) string {
	if st == nil {
		return ""
	}
	return st.Values[block][actionValue].Value
}

// formReport reads the form's fields as the person left them.
func formReport(st *slack.ViewState) desk.Report {
	var r desk.Report
	if st == nil {
		return r
	}
	get := func(block string) slack.BlockAction { return st.Values[block][actionValue] }
	r.Location.Zone, r.Location.Building, _ = strings.Cut(get(fieldWhere).SelectedOption.Value, "|")
	r.Location.Room = get(fieldRoom).Value
	r.Location.Address = get(fieldAddress).Value
	r.ProblemType = get(fieldProblem).SelectedOption.Value
	r.Title = get(fieldTitle).Value
	r.Description = get(fieldDescription).Value
	r.Contact = get(fieldContact).Value
	if s := get(fieldStart).SelectedDateTime; s > 0 {
		r.Window.Start = time.Unix(s, 0)
	}
	if e := get(fieldEnd).SelectedDateTime; e > 0 {
		r.Window.End = time.Unix(e, 0)
	}
	return r
}

// formError places a desk.CleanReport error beside its field, in lang.
func formError(lang string, err error) (field, text string) {
	key, args := desk.MessageOf(err)
	name := ""
	if strings.HasSuffix(key, "_field") && len(args) > 0 {
		name, _ = args[0].(string)
		args = args[1:]
	}
	byName := map[string]string{"zone": fieldWhere, "building": fieldWhere, "room": fieldRoom, "address": fieldAddress,
		"problem": fieldProblem, "title": fieldTitle, "description": fieldDescription}
	field = byName[name]
	switch key {
	case "err.unknown_building":
		field = fieldWhere
	case "err.unknown_problem":
		field = fieldProblem
	case "err.bad_phone":
		field = fieldContact
	case "err.window_incomplete", "err.end_before_start", "err.in_past", "err.too_far":
		field = fieldEnd
	}
	if field == "" {
		field = fieldTitle
	}
	k := "e_" + strings.TrimSuffix(strings.TrimPrefix(key, "err."), "_field")
	if !i18n.Has("slack." + k) {
		k = "e_other"
	}
	text = say(lang, k)
	if key == "err.too_long_field" && len(args) > 0 {
		if limit, ok := args[0].(int); ok {
			text = strings.ReplaceAll(text, "%d", strconv.Itoa(limit))
		}
	}
	return field, text
}

// fileForm files the report the form checked, in the person's queue,
// through the engine, and tells them in their DM what the dialogue would:
// the desk's confirmation and the ticket's details, with its buttons.
func (b *Bot) fileForm(ctx context.Context, ev *event, in talk.Input) {
	r := *ev.report
	if len(ev.quoteFiles) > 0 {
		// The pictures of the message the form was opened from.
		r.Photos = append(r.Photos, b.fetchQuoted(ctx, ev.quoteFiles)...)
		r.Photos = r.Photos[:min(len(r.Photos), desk.MaxPhotos)]
	}
	resp, err := b.engine.Report(ctx, in, r)
	if err != nil {
		b.log.Error("slack: report from the form not filed", "account", in.Account, "err", err)
		if len(resp.Messages) == 0 {
			resp = note(say(in.Lang, "failed"))
		}
	}
	b.respond(ctx, ev, in, resp)
	b.publishHome(ctx, ev, in)
}
