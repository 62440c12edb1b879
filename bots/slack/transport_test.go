package slack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack"
	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// withButtons answers text with a question and two buttons, and anything
// else by echoing it.
func withButtons(in talk.Input) (talk.Response, error) {
	if in.Kind != talk.KindText {
		return echo(in), nil
	}
	return talk.Response{Messages: []talk.Message{{Text: "Sure?", Rows: []talk.Row{
		{Buttons: []talk.Button{{Label: "Yes", Token: "d:1:yes"}, {Label: "No", Token: "d:1:no"}}}}}}}, nil
}

// Every kind of envelope, over either transport, is acknowledged, read
// into the neutral input, and answered in the person's DM.
func TestEnvelopesAreAcknowledgedAndHandled(t *testing.T) {
	for _, m := range []mode{socketMode, httpMode} {
		t.Run(string(m), func(t *testing.T) {
			rec := &recorder{answer: withButtons}
			r := newRig(t, m, rec, nil)

			d := r.srv.SendDM(alice, "hello <world> & more")
			r.acked(d)
			in := rec.wait(t, r.srv, 1)[0]
			if !strings.HasPrefix(in.Key, "slack:event:") {
				t.Errorf("DM text keyed %q, want Slack's event id", in.Key)
			}
			in.Key = ""
			want := talk.Input{Platform: "slack", Account: "slack:" + team + "/" + alice, Chat: "slack:" + fakeslack.DMOf(alice),
				Lang: "en", Name: "Alice Liu", Kind: talk.KindText, Text: "hello <world> & more"}
			if in != want {
				t.Errorf("DM text read as\n%+v\nwant\n%+v", in, want)
			}
			question := r.dm(alice, 1)[0]
			yes, ok := question.Button("Yes")
			if question.Body() != "Sure?" || !ok || yes.Value != "d:1:yes" {
				t.Fatalf("question = %q %+v", question.Body(), question.Buttons())
			}

			d = r.srv.Press(alice, question, yes)
			r.acked(d)
			in = rec.wait(t, r.srv, 2)[1]
			if in.Kind != talk.KindButton || in.Token != "d:1:yes" || in.MessageID != question.TS || in.Group ||
				in.Chat != "slack:"+fakeslack.DMOf(alice) {
				t.Errorf("press read as %+v", in)
			}

			d = r.srv.Command(alice, "", "mine accepted")
			r.acked(d)
			in = rec.wait(t, r.srv, 3)[2]
			if in.Kind != talk.KindCommand || in.Command != "mine" || in.Text != "accepted" || in.Group {
				t.Errorf("slash command read as %+v", in)
			}
			if _, answer := r.srv.Answer(d); len(bytes.TrimSpace(answer)) != 0 {
				t.Errorf("a command in the DM was acknowledged with %s, want nothing", answer)
			}

			d = r.srv.OpenHome(alice)
			r.acked(d)
			in = rec.wait(t, r.srv, 4)[3]
			if in.Kind != talk.KindCommand || in.Command != "home" || in.Account != want.Account {
				t.Errorf("app_home_opened read as %+v", in)
			}
			if !r.srv.WaitFor(wait, func() bool { _, ok := r.srv.Home(alice); return ok }) {
				t.Fatal("the Home tab was not published")
			}
			if home, _ := r.srv.Home(alice); !strings.Contains(home.Text(), "got command home") {
				t.Errorf("Home tab shows %q", home.Text())
			}
			if left := r.srv.Unacked(); len(left) > 0 {
				t.Errorf("%d envelopes not acknowledged", len(left))
			}
			if n := len(r.srv.Calls("conversations.open")); n != 0 {
				t.Errorf("conversations.open called %d times for a DM the events named", n)
			}
		})
	}
}

// A slash command typed in a channel is answered in the DM, and the
// acknowledgement tells the person so, visible to them alone.
func TestCommandInChannelIsAnsweredInTheDM(t *testing.T) {
	for _, m := range []mode{socketMode, httpMode} {
		t.Run(string(m), func(t *testing.T) {
			rec := &recorder{}
			r := newRig(t, m, rec, nil)
			d := r.srv.Command(bo, dispatch, "")
			r.acked(d)
			in := rec.wait(t, r.srv, 1)[0]
			if in.Command != "help" || !in.Group || in.Chat != "slack:"+dispatch || in.Lang != "zh" || in.Name != "王博" {
				t.Errorf("/repair in a channel read as %+v", in)
			}
			_, answer := r.srv.Answer(d)
			var ack struct {
				ResponseType string `json:"response_type"`
				Text         string `json:"text"`
			}
			_ = json.Unmarshal(answer, &ack)
			if ack.ResponseType != "ephemeral" || !strings.Contains(ack.Text, "direct messages") {
				t.Errorf("acknowledged with %s", answer)
			}
			if got := r.dm(bo, 1)[0].Body(); got != "got command help" {
				t.Errorf("answer in the DM = %q", got)
			}
			if ms := r.srv.MessagesIn(dispatch); len(ms) != 0 {
				t.Errorf("the bot wrote in the channel: %v", bodies(ms))
			}
		})
	}
}

// Slack delivers an event again when the acknowledgement was late; the
// desk sees it once. A press sent twice is also taken once.
func TestRetriedEventIsHandledOnce(t *testing.T) {
	for _, m := range []mode{socketMode, httpMode} {
		t.Run(string(m), func(t *testing.T) {
			rec := &recorder{answer: withButtons}
			r := newRig(t, m, rec, nil)
			first := r.srv.SendDM(alice, "one")
			rec.wait(t, r.srv, 1)
			again := r.srv.Redeliver(first)
			r.acked(first, again)
			question := r.dm(alice, 1)[0]
			btn, _ := question.Button("No")
			press := r.srv.Press(alice, question, btn)
			r.srv.Redeliver(press)
			r.srv.SendDM(alice, "two")
			rec.wait(t, r.srv, 3)
			time.Sleep(200 * time.Millisecond) // room for a wrongly handled duplicate
			got := rec.got()
			var texts []string
			for _, in := range got {
				texts = append(texts, in.Text+in.Token)
			}
			if strings.Join(texts, ",") != "one,d:1:no,two" {
				t.Errorf("handled %q, want one, the press and two, once each", texts)
			}
		})
	}
}

// One person's inputs are answered in the order they came.
func TestOnePersonInOrder(t *testing.T) {
	rec := &recorder{answer: func(in talk.Input) (talk.Response, error) {
		if in.Text == "1" {
			time.Sleep(300 * time.Millisecond) // the first takes longest
		}
		return echo(in), nil
	}}
	r := newRig(t, socketMode, rec, nil)
	for _, s := range []string{"1", "2", "3", "4"} {
		r.srv.SendDM(alice, s)
	}
	r.srv.SendDM(bo, "other")
	got := r.dm(alice, 4)
	var order []string
	for _, m := range got {
		order = append(order, strings.TrimPrefix(m.Body(), "got text "))
	}
	if strings.Join(order, "") != "1234" {
		t.Errorf("answers came in the order %v", order)
	}
}

// Requests without a valid signature, or signed too long ago, are refused
// with 401 and nothing is handled. A correctly signed one is taken.
func TestHTTPSignatures(t *testing.T) {
	rec := &recorder{}
	r := newRig(t, httpMode, rec, nil)
	event := []byte(`{"type":"event_callback","team_id":"` + team + `","event_id":"Ev1","event":{"type":"message","channel":"D0ALICE","channel_type":"im","user":"U0ALICE","text":"forged","ts":"1.1"}}`)
	command := []byte("team_id=" + team + "&user_id=" + alice + "&channel_id=D0ALICE&command=%2Frepair&text=me&trigger_id=t1")
	press := []byte(`payload={"type":"block_actions","user":{"id":"U0ALICE","team_id":"` + team + `"},"channel":{"id":"D0ALICE"},"trigger_id":"t2","actions":[{"action_id":"a","value":"t:claim:1001"}]}`)
	secret := r.srv.SigningSecret
	now := time.Now()
	cases := []struct {
		name string
		sign func(req *http.Request, body []byte)
	}{
		{"wrong-secret", func(req *http.Request, body []byte) { fakeslack.SignRequest(req, "not-the-secret", now, body) }},
		{"stale-timestamp", func(req *http.Request, body []byte) {
			fakeslack.SignRequest(req, secret, now.Add(-6*time.Minute), body)
		}},
		{"future-timestamp", func(req *http.Request, body []byte) {
			fakeslack.SignRequest(req, secret, now.Add(6*time.Minute), body)
		}},
		{"missing-headers", func(*http.Request, []byte) {}},
		{"missing-signature", func(req *http.Request, body []byte) {
			fakeslack.SignRequest(req, secret, now, body)
			req.Header.Del("X-Slack-Signature")
		}},
		{"missing-timestamp", func(req *http.Request, body []byte) {
			fakeslack.SignRequest(req, secret, now, body)
			req.Header.Del("X-Slack-Request-Timestamp")
		}},
		{"body-changed", func(req *http.Request, body []byte) {
			fakeslack.SignRequest(req, secret, now, append([]byte(nil), bytes.Replace(body, []byte("U0ALICE"), []byte("U0BOB"), 1)...))
		}},
		{"not-hex", func(req *http.Request, body []byte) {
			fakeslack.SignRequest(req, secret, now, body)
			req.Header.Set("X-Slack-Signature", "v0=zz")
		}},
	}
	endpoints := []struct {
		path, ctype string
		body        []byte
	}{
		{"/slack/events", "application/json", event},
		{"/slack/commands", "application/x-www-form-urlencoded", command},
		{"/slack/interactivity", "application/x-www-form-urlencoded", press},
	}
	refused := 0
	for _, c := range cases {
		for _, e := range endpoints {
			t.Run(c.name+strings.ReplaceAll(e.path, "/", "-"), func(t *testing.T) {
				req, _ := http.NewRequest(http.MethodPost, r.hook.URL+e.path, bytes.NewReader(e.body))
				req.Header.Set("Content-Type", e.ctype)
				c.sign(req, e.body)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusUnauthorized {
					t.Errorf("status %d, want 401", res.StatusCode)
				}
				refused++
			})
		}
	}
	// A good request after the bad ones goes through; it is the only one.
	r.srv.SendDM(alice, "genuine")
	if in := rec.wait(t, r.srv, 1); len(in) != 1 || in[0].Text != "genuine" {
		t.Errorf("handled %+v, want only the genuine message", in)
	}
	if got := r.bot.Rejected(); got != int64(refused) {
		t.Errorf("Rejected() = %d, want %d", got, refused)
	}
	r.dm(alice, 1)
	if n := len(r.srv.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d messages sent, want 1 (the genuine answer)", n)
	}
}

// Slack checks the events URL with a signed challenge.
func TestHTTPURLVerification(t *testing.T) {
	r := newRig(t, httpMode, &recorder{}, nil)
	body := []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	req, _ := http.NewRequest(http.MethodPost, r.hook.URL+"/slack/events", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	fakeslack.SignRequest(req, r.srv.SigningSecret, time.Now(), body)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got struct{ Challenge string }
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil || res.StatusCode != 200 ||
		got.Challenge != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("answered %d %+v %v", res.StatusCode, got, err)
	}
}

// Socket Mode reconnects when Slack asks, and events sent meanwhile
// arrive.
func TestSocketModeReconnects(t *testing.T) {
	rec := &recorder{}
	r := newRig(t, socketMode, rec, nil)
	r.srv.Disconnect()
	if !r.srv.WaitFor(wait, func() bool { return r.srv.Connections() >= 2 && r.srv.Connected() }) {
		t.Fatalf("did not reconnect: %d connections", r.srv.Connections())
	}
	r.acked(r.srv.SendDM(alice, "after"))
	if in := rec.wait(t, r.srv, 1); in[0].Text != "after" {
		t.Errorf("got %+v", in)
	}
}

// A panic in the desk is caught at the edge: the person is told, and the
// bot goes on.
func TestPanicIsRecovered(t *testing.T) {
	rec := &recorder{answer: func(in talk.Input) (talk.Response, error) {
		if in.Text == "boom" {
			panic("the desk broke")
		}
		return echo(in), nil
	}}
	r := newRig(t, socketMode, rec, nil)
	r.srv.SendDM(alice, "boom")
	r.srv.SendDM(alice, "still there?")
	got := r.dm(alice, 2)
	if got[0].Body() != "Something went wrong, please try again" || got[1].Body() != "got text still there?" {
		t.Errorf("answers %q", bodies(got))
	}
}

// Messages the bot's own posts cause, edits and other bots are not input;
// nor is chatter in channels.
func TestNotInput(t *testing.T) {
	rec := &recorder{}
	r := newRig(t, socketMode, rec, nil)
	for i, ev := range []string{
		`{"type":"message","subtype":"message_changed","channel":"D0ALICE","channel_type":"im","message":{"user":"U0ALICE","text":"edited"}}`,
		`{"type":"message","channel":"D0ALICE","channel_type":"im","user":"U0BOT","text":"my own"}`,
		`{"type":"message","channel":"D0ALICE","channel_type":"im","user":"U0OTHER","bot_id":"B1","text":"a bot"}`,
		`{"type":"message","channel":"C0DISPATCH","channel_type":"channel","user":"U0ALICE","text":"chatter"}`,
		`{"type":"app_home_opened","user":"U0ALICE","channel":"D0ALICE","tab":"messages"}`,
		`{"type":"reaction_added","user":"U0ALICE","reaction":"thumbsup","item":{"type":"message","channel":"D0ALICE","ts":"1.1"}}`,
		`{"type":"an_event_from_the_future","user":"U0ALICE","channel":"D0ALICE"}`,
	} {
		id := fmt.Sprintf("EvNot%d", i)
		r.acked(r.srv.Deliver("events_api", []byte(`{"type":"event_callback","team_id":"`+team+`","event_id":"`+id+`","event":`+ev+`}`)))
	}
	r.srv.SendDM(alice, "real")
	if in := rec.wait(t, r.srv, 1); len(in) != 1 || in[0].Text != "real" {
		t.Errorf("handled %+v, want only the real message", in)
	}
}

// A token Slack refuses ends Run at once with an error, rather than
// retrying for ever.
func TestRefusedTokens(t *testing.T) {
	srv := fakeslack.New()
	defer srv.Close()
	store := repotest.Open(t)
	for name, cfg := range map[string]slack.Config{
		"bot-token": {BotToken: "xoxb-revoked", AppToken: srv.AppToken, APIBase: srv.APIURL},
		"app-token": {BotToken: srv.BotToken, AppToken: "xapp-revoked", APIBase: srv.APIURL},
	} {
		t.Run(name, func(t *testing.T) {
			bot, err := slack.New(cfg, &recorder{}, store, store, nil)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- bot.Run(t.Context()) }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
					t.Errorf("Run = %v, want invalid_auth", err)
				}
			case <-time.After(wait):
				t.Fatal("Run did not give up")
			}
		})
	}
}

// Events already acknowledged are still answered when Run's context ends
// while they are being handled.
func TestShutdownFinishesWork(t *testing.T) {
	started := make(chan struct{})
	rec := &recorder{answer: func(in talk.Input) (talk.Response, error) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		return echo(in), nil
	}}
	srv := fakeslack.New()
	defer srv.Close()
	srv.AddUser(fakeslack.User{ID: alice, RealName: "Alice Liu", Locale: "en-US"})
	store := repotest.Open(t)
	bot, err := slack.New(slack.Config{BotToken: srv.BotToken, AppToken: srv.AppToken, APIBase: srv.APIURL}, rec, store, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- bot.Run(ctx) }()
	srv.WaitFor(wait, srv.Connected)
	srv.SendDM(alice, "last words")
	<-started
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	if got := srv.BotMessagesTo(alice); len(got) != 1 || got[0].Body() != "got text last words" {
		t.Errorf("after Run returned the DM holds %q", bodies(got))
	}
}
