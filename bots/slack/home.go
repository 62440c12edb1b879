package slack

import (
	"context"

	"github.com/repairdesk/repairdesk/talk"
	"github.com/slack-go/slack"
)

// publishHome shows the person's overview on the app's Home tab
// (views.publish): their open tickets with the 超/催 tags and the main
// menu; a technician's jobs; a supervisor's overdue list and the
// suspensions waiting for review. The desk writes it, as the answer to its
// "home" command; the adapter lays the messages out as a view.
func (b *Bot) publishHome(ctx context.Context, ev *event, in talk.Input) {
	// The view is read, not acted on: it goes without the key of the
	// input that led to it, which the desk has answered already.
	in.Kind, in.Command, in.Text, in.Token, in.Photo, in.MessageID, in.Key = talk.KindCommand, "home", "", "", "", "", ""
	resp := b.ask(ctx, in)
	msgs := resp.Messages
	// The report form, which only Slack has, goes first.
	form := talk.Message{Rows: []talk.Row{{Buttons: []talk.Button{{Label: say(in.Lang, "form_button"), Token: formToken}}}}}
	msgs = append([]talk.Message{form}, msgs...)
	view := homeView(msgs, say(in.Lang, "home_hint"))
	err := b.call(ctx, "", forAnswers, func(ctx context.Context) error {
		_, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ev.user, View: view})
		return err
	})
	if err != nil {
		b.log.Error("slack: Home tab not published", "account", in.Account, "err", err)
		return
	}
	b.homes.viewed(ev.team, ev.user)
}
