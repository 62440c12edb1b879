package slack

import (
	"context"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/units"
	"github.com/repairdesk/repairdesk/talk"
)

// Questions that want one free text (a supervisor's note when rejecting a
// suspension, a technician's reason for releasing a job) are asked in a
// modal when the press that led to them can open one: the person answers
// where they pressed, in the channel, instead of going to the DM. The
// answer goes back to the desk as text with the form's token, so the desk
// takes it only while that question is still the current one; closing
// the modal abandons the dialogue, so that the next thing typed in the DM
// is not taken for the answer. When the modal cannot be opened (the
// trigger ran out) the question is asked in the DM as usual.

// answerCallback names the one-field modal's view.
const answerCallback = "answer_form"

// Slack's limits on a modal: 24 characters of title and of button labels,
// 3000 for a plain-text input.
const (
	maxModalTitle = 24
	maxModalInput = 3000
)

// askInForm opens a modal for the question among msgs that offers a form,
// and returns msgs without it when the modal opened.
func (b *Bot) askInForm(ctx context.Context, ev *event, in talk.Input, msgs []talk.Message) []talk.Message {
	i := slices.IndexFunc(msgs, func(m talk.Message) bool { return m.Form != nil })
	if i < 0 || ev.trigger == "" {
		return msgs
	}
	view := answerForm(*msgs[i].Form)
	err := b.call(ctx, "", forAnswers, func(ctx context.Context) error {
		_, err := b.api.OpenViewContext(ctx, ev.trigger, view)
		return err
	})
	if err != nil {
		b.log.Info("slack: question not opened as a form; asking in the DM", "account", in.Account, "err", err)
		return msgs
	}
	return slices.Delete(slices.Clone(msgs), i, i+1)
}

// answerForm is the modal for f: its question as the field's label.
func answerForm(f talk.Form) slack.ModalViewRequest {
	plain := func(s string, limit int) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, units.Clip(s, limit), false, false)
	}
	el := slack.NewPlainTextInputBlockElement(nil, actionValue)
	el.Multiline, el.MaxLength = true, min(f.Limit, maxModalInput)
	if el.MaxLength <= 0 {
		el.MaxLength = maxModalInput
	}
	field := slack.NewInputBlock(fieldAnswer, plain(f.Label, maxBlockLabel), nil, el)
	field.Optional = f.Optional
	meta := answerMeta{token: f.Token, lang: f.Lang, optional: f.Optional}
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: answerCallback, PrivateMetadata: meta.String(), NotifyOnClose: true,
		Title: plain(f.Title, maxModalTitle), Submit: plain(f.Submit, maxModalTitle), Close: plain(say(f.Lang, "f_close"), maxModalTitle),
		Blocks: slack.Blocks{BlockSet: []slack.Block{field}},
	}
}

// fieldAnswer is the one-field modal's block.
const fieldAnswer = "answer"

// maxBlockLabel is Slack's limit on an input block's label.
const maxBlockLabel = 2000

// answerMeta is what a one-field modal keeps in its private metadata,
// since its submission says no more than the text: the desk's token, the
// language of the form, and whether the answer may be empty.
type answerMeta struct {
	token    string
	lang     string
	optional bool
}

func (m answerMeta) String() string {
	opt := ""
	if m.optional {
		opt = "optional"
	}
	return strings.Join([]string{m.token, m.lang, opt}, "|")
}

func readAnswerMeta(s string) answerMeta {
	parts := strings.SplitN(s, "|", 3)
	m := answerMeta{token: parts[0]}
	if len(parts) == 3 {
		m.lang, m.optional = parts[1], parts[2] == "optional"
	}
	return m
}

// answerSubmitted queues what the person did with a one-field modal: its
// text, or its closing, as input for the desk, and answers the
// acknowledgement. A blank answer that is needed keeps the modal open
// with a word beside the field (Slack lets spaces through); otherwise
// the modal closes at once and the desk answers in the DM.
func (b *Bot) answerSubmitted(ctx context.Context, ic *slack.InteractionCallback) any {
	team := ic.User.TeamID
	if team == "" {
		team = ic.Team.ID
	}
	meta := readAnswerMeta(ic.View.PrivateMetadata)
	ev := &event{team: team, user: ic.User.ID, token: meta.token, kind: talk.KindButton}
	if ic.Type == slack.InteractionTypeViewSubmission {
		ev.kind = talk.KindText
		if ic.View.State != nil {
			ev.text = ic.View.State.Values[fieldAnswer][actionValue].Value
		}
		if strings.TrimSpace(ev.text) == "" && !meta.optional {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldAnswer: say(meta.lang, "e_empty")})
		}
	}
	if ic.View.ID != "" {
		// A view is submitted or closed once; the same payload sent again
		// must not answer twice.
		ev.once = "slack:view:" + ev.user + ":" + ic.View.ID
	}
	if ev.user == "" || ev.token == "" {
		return nil
	}
	if err := b.receive(ctx, ev); err != nil {
		b.log.Warn("slack: answer from a form not kept", "user", ev.user, "err", err)
		if ev.kind == talk.KindText {
			// The modal stays open, for the person to send it again.
			return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldAnswer: say(meta.lang, "failed")})
		}
	}
	return nil
}
