package fakeslack_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
)

func client(srv *fakeslack.Server, token string) *slack.Client {
	return slack.New(token, slack.OptionAPIURL(srv.APIURL))
}

func slackErr(err error) string {
	var resp slack.SlackErrorResponse
	if errors.As(err, &resp) {
		return resp.Err
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// The fake answers as Slack does: the token checked, unknown channels and
// messages refused, blocks over Slack's limits refused.
func TestAnswersAsSlackDoes(t *testing.T) {
	srv := fakeslack.New()
	defer srv.Close()
	srv.AddUser(fakeslack.User{ID: "U0A", RealName: "A", Locale: "zh-CN"})
	srv.AddChannel("C0D", "repairs")
	ctx := context.Background()
	api := client(srv, srv.BotToken)

	text := slack.NewTextBlockObject(slack.MarkdownType, "hi", false, false)
	btn := func(id string) slack.BlockElement {
		return slack.NewButtonBlockElement(id, "v", slack.NewTextBlockObject(slack.PlainTextType, "B", false, false))
	}
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"bad-token", func() error { _, err := client(srv, "xoxb-nope").AuthTestContext(ctx); return err }, "invalid_auth"},
		{"no-token", func() error { _, err := client(srv, "").AuthTestContext(ctx); return err }, "not_authed"},
		{"unknown-channel", func() error {
			_, _, err := api.PostMessageContext(ctx, "C0NOPE", slack.MsgOptionText("x", false))
			return err
		}, "channel_not_found"},
		{"no-text", func() error { _, _, err := api.PostMessageContext(ctx, "C0D"); return err }, "no_text"},
		{"long-section", func() error {
			long := slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("x", 3001), false, false)
			_, _, err := api.PostMessageContext(ctx, "C0D", slack.MsgOptionBlocks(slack.NewSectionBlock(long, nil, nil)))
			return err
		}, "invalid_blocks"},
		{"same-action-id", func() error {
			_, _, err := api.PostMessageContext(ctx, "C0D", slack.MsgOptionBlocks(slack.NewActionBlock("", btn("a"), btn("a"))))
			return err
		}, "invalid_blocks"},
		{"unknown-message", func() error {
			_, _, _, err := api.UpdateMessageContext(ctx, "C0D", "1.2", slack.MsgOptionText("x", false))
			return err
		}, "message_not_found"},
		{"unknown-user", func() error { _, err := api.GetUserInfoContext(ctx, "U0NOPE"); return err }, "user_not_found"},
		{"trigger-unknown", func() error {
			_, err := api.OpenViewContext(ctx, "nope", slack.ModalViewRequest{Type: slack.VTModal,
				Title: slack.NewTextBlockObject(slack.PlainTextType, "T", false, false)})
			return err
		}, "invalid_trigger_id"},
		{"posted", func() error {
			_, _, err := api.PostMessageContext(ctx, "C0D", slack.MsgOptionBlocks(slack.NewSectionBlock(text, nil, nil)))
			return err
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slackErr(tt.call()); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	u, err := api.GetUserInfoContext(ctx, "U0A")
	if err != nil || u.Locale != "zh-CN" {
		t.Errorf("users.info: %+v %v", u, err)
	}
	u, _ = api.GetUserInfoContext(ctx, "U0A", slack.GetUserInfoOptionIncludeLocale(false))
	if u.Locale != "" {
		t.Errorf("the locale told without include_locale")
	}
}

// People's files are served to the bot token only.
func TestFilesNeedTheBotToken(t *testing.T) {
	srv := fakeslack.New()
	defer srv.Close()
	srv.AddUser(fakeslack.User{ID: "U0A"})
	srv.ShareFile("U0A", "a.png", "image/png", []byte("picture"), "")
	var url string
	for _, m := range srv.MessagesIn(fakeslack.DMOf("U0A")) {
		for _, f := range m.Files {
			url = srv.URL + "/files-pri/" + f.ID + "/a.png"
		}
	}
	var got bytes.Buffer
	if err := client(srv, srv.BotToken).GetFileContext(context.Background(), url, &got); err != nil || got.String() != "picture" {
		t.Errorf("with the bot token: %q %v", got.String(), err)
	}
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("without the token: %s %s, want the sign-in page", res.Status, ct)
	}
	d := srv.Downloads()
	if len(d) != 2 || !d[0].Authorized || d[1].Authorized {
		t.Errorf("downloads %+v", d)
	}
}

// Failures on demand: a 429 with Retry-After, an error code.
func TestInjectedFailures(t *testing.T) {
	srv := fakeslack.New()
	defer srv.Close()
	srv.AddChannel("C0D", "repairs")
	api := client(srv, srv.BotToken)
	ctx := context.Background()
	srv.RateLimit("", 1, 7)
	srv.Fail("chat.postMessage", 1, "is_archived")
	_, _, err := api.PostMessageContext(ctx, "C0D", slack.MsgOptionText("x", false))
	var limited *slack.RateLimitedError
	if !errors.As(err, &limited) || limited.RetryAfter.Seconds() != 7 {
		t.Errorf("first: %v", err)
	}
	_, _, err = api.PostMessageContext(ctx, "C0D", slack.MsgOptionText("x", false))
	if slackErr(err) != "is_archived" {
		t.Errorf("second: %v", err)
	}
	if _, _, err = api.PostMessageContext(ctx, "C0D", slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("third: %v", err)
	}
	if calls := srv.Calls("chat.postMessage"); len(calls) != 3 || calls[0].Status != 429 || calls[1].Error != "is_archived" {
		t.Errorf("calls %+v", calls)
	}
}
