package slack_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/repairdesk/repairdesk/bots/slack"
	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// runBot runs a Bot on srv over Socket Mode, or over HTTP when hook is
// set, until stop, which does not wait for it: a bot stuck in a turn
// stands for one that was killed.
func runBot(t *testing.T, srv *fakeslack.Server, photos *repo.Store, store slack.Store, h slack.Engine, hook bool) (stop func(), done <-chan error) {
	t.Helper()
	cfg := slack.Config{BotToken: srv.BotToken, APIBase: srv.APIURL, DispatchChannel: dispatch}
	if hook {
		cfg.SigningSecret = srv.SigningSecret
	} else {
		cfg.AppToken = srv.AppToken
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	bot, err := slack.New(cfg, h, photos, store, logger)
	if err != nil {
		t.Fatal(err)
	}
	if hook {
		front := httptest.NewServer(bot.Handler())
		t.Cleanup(front.Close)
		srv.UseHTTP(front.URL)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan error, 1)
	go func() { ch <- bot.Run(ctx) }()
	return cancel, ch
}

// An event acknowledged to Slack and not yet answered when the bot dies
// is answered by the next bot on the same store, once, even when Slack
// delivers it again.
func TestEventInHandAnsweredAfterRestart(t *testing.T) {
	srv := fakeslack.New()
	t.Cleanup(srv.Close)
	srv.AddUser(fakeslack.User{ID: alice, Name: "alice", RealName: "Alice Liu", Locale: "en-US"})
	store := repotest.Open(t)
	stuck := make(chan struct{})
	first := &recorder{answer: func(talk.Input) (talk.Response, error) {
		<-stuck // the first bot never answers: it is as good as dead
		return talk.Response{}, nil
	}}
	stopFirst, firstDone := runBot(t, srv, store, store, first, false)
	defer func() {
		close(stuck)
		stopFirst()
		<-firstDone
	}()
	if !srv.WaitFor(wait, srv.Connected) {
		t.Fatal("the first bot did not connect")
	}
	d := srv.SendDM(alice, "the tap drips")
	if !srv.WaitFor(wait, func() bool { return len(first.got()) == 1 }) || !srv.Acked(d) {
		t.Fatal("the first bot did not take the event")
	}
	stopFirst()

	second := &recorder{}
	stop, done := runBot(t, srv, store, store, second, false)
	defer func() { stop(); <-done }()
	if !srv.WaitFor(wait, func() bool { return len(srv.BotMessagesTo(alice)) >= 1 }) {
		t.Fatalf("the event the first bot took was never answered; the second got %+v", second.got())
	}
	srv.Redeliver(d)
	srv.SendDM(alice, "thanks")
	if !srv.WaitFor(wait, func() bool { return len(srv.BotMessagesTo(alice)) >= 2 }) {
		t.Fatal("a later event was not answered")
	}
	var texts []string
	for _, in := range second.got() {
		texts = append(texts, in.Text)
	}
	if len(texts) != 2 || texts[0] != "the tap drips" || texts[1] != "thanks" {
		t.Errorf("the second bot handled %q, want the event in hand once, then the new one", texts)
	}
}

// down is a store that cannot keep anything while broken is set.
type down struct {
	*repo.Store
	mu       sync.Mutex
	broken   bool
	refusals int
}

func (s *down) KeepAll(ctx context.Context, platform string, keys []string, data [][]byte) ([]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.broken {
		s.refusals++
		return nil, errors.New("the store is down")
	}
	return s.Store.KeepAll(ctx, platform, keys, data)
}

func (s *down) refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refusals
}

// An event is acknowledged only once it is kept: while the store is down
// it is answered 503 over HTTP and left unacknowledged over Socket Mode,
// and nothing is handled; delivered again, it is, once.
func TestEventAcknowledgedOnlyOnceKept(t *testing.T) {
	for _, hook := range []bool{true, false} {
		name := "socket"
		if hook {
			name = "http"
		}
		t.Run(name, func(t *testing.T) {
			srv := fakeslack.New()
			t.Cleanup(srv.Close)
			srv.AddUser(fakeslack.User{ID: alice, Name: "alice", RealName: "Alice Liu", Locale: "en-US"})
			store := &down{Store: repotest.Open(t), broken: true}
			h := &recorder{}
			stop, done := runBot(t, srv, store.Store, store, h, hook)
			defer func() { stop(); <-done }()
			ready := srv.Connected
			if hook {
				ready = func() bool { return len(srv.Calls("auth.test")) > 0 }
			}
			if !srv.WaitFor(wait, ready) {
				t.Fatal("the bot did not start")
			}
			d := srv.SendDM(alice, "the tap drips")
			if !srv.WaitFor(wait, func() bool { return store.refused() > 0 }) {
				t.Fatal("the bot did not try to keep the event")
			}
			status, _ := srv.Answer(d)
			if srv.Acked(d) || hook && status != http.StatusServiceUnavailable {
				t.Errorf("an event not kept was acknowledged (status %d)", status)
			}
			store.mu.Lock()
			store.broken = false
			store.mu.Unlock()
			again := srv.Redeliver(d)
			if !srv.WaitFor(wait, func() bool { return srv.Acked(again) && len(srv.BotMessagesTo(alice)) >= 1 }) {
				t.Fatal("the event delivered again was not acknowledged and answered")
			}
			if got := h.got(); len(got) != 1 || got[0].Text != "the tap drips" {
				t.Errorf("handled %+v, want the event once", got)
			}
		})
	}
}
