package telegram_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/repairdesk/repairdesk/bots/telegram"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// runBot runs a Bot on srv and store until stop, which does not wait for
// it: a bot stuck in a turn stands for one that was killed.
func runBot(t *testing.T, srv *telegramtest.Server, photos *repo.Store, store telegram.Store, h telegram.Engine,
	cfg ...func(*telegram.Config)) (stop func(), done <-chan error) {
	t.Helper()
	c := telegram.Config{Token: token, APIBase: srv.URL, DispatchChat: fmt.Sprint(techs.ID),
		SupervisorChat: fmt.Sprint(leaders.ID), Limits: fast}
	for _, f := range cfg {
		f(&c)
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	bot, err := telegram.New(c, h, photos, store, logger)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan error, 1)
	go func() { ch <- bot.Run(ctx) }()
	return cancel, ch
}

// An update taken from Telegram and not yet answered when the bot dies is
// answered by the next bot on the same store, once, even when Telegram
// delivers it again.
func TestUpdateInHandAnsweredAfterRestart(t *testing.T) {
	srv := telegramtest.NewServer(token)
	t.Cleanup(srv.Close)
	store := repotest.Open(t)
	stuck := make(chan struct{})
	first := &recorder{answer: func(talk.Input) talk.Response {
		<-stuck // the first bot never answers: it is as good as dead
		return talk.Response{}
	}}
	stopFirst, firstDone := runBot(t, srv, store, store, first)
	defer func() {
		close(stuck)
		stopFirst()
		<-firstDone
	}()
	id := srv.SendText(alice, telegramtest.Private(alice), "the tap drips")
	if !srv.WaitFor(wait, func() bool { return len(first.got()) == 1 }) {
		t.Fatal("the first bot did not take the update")
	}
	stopFirst()

	second := &recorder{}
	stop, done := runBot(t, srv, store, store, second)
	defer func() { stop(); <-done }()
	if !srv.WaitFor(wait, func() bool { return len(srv.MessagesTo(alice.ID)) >= 1 }) {
		t.Fatalf("the update the first bot took was never answered; the second got %+v", second.got())
	}
	srv.Redeliver(id)
	srv.SendText(alice, telegramtest.Private(alice), "thanks")
	if !srv.WaitFor(wait, func() bool { return len(srv.MessagesTo(alice.ID)) >= 2 }) {
		t.Fatal("a later update was not answered")
	}
	var texts []string
	for _, in := range second.got() {
		texts = append(texts, in.Text)
	}
	if fmt.Sprint(texts) != "[the tap drips thanks]" {
		t.Errorf("the second bot handled %q, want the update in hand once, then the new one", texts)
	}
}

// flaky is a store that cannot keep one update at first.
type flaky struct {
	*repo.Store
	srv  *telegramtest.Server
	key  string
	mu   sync.Mutex
	fail int
	// before are the offsets of the polls made before the update was
	// kept.
	before []int64
	kept   bool
}

func (s *flaky) KeepAll(ctx context.Context, platform string, keys []string, data [][]byte) ([]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, key := range keys {
		if key != s.key {
			continue
		}
		if s.fail > 0 {
			// Those before it are kept, as by an ordered insert.
			s.fail--
			kept, err := s.Store.KeepAll(ctx, platform, keys[:i], data[:i])
			if err == nil {
				err = fmt.Errorf("the store is down")
			}
			return kept, err
		}
		if !s.kept {
			s.kept, s.before = true, s.srv.Offsets()
		}
	}
	return s.Store.KeepAll(ctx, platform, keys, data)
}

// getUpdates confirms to Telegram every update below its offset: the bot
// never polls past an update the store has not kept, and the updates
// after it wait for it.
func TestNoOffsetPastAnUnkeptUpdate(t *testing.T) {
	srv := telegramtest.NewServer(token)
	t.Cleanup(srv.Close)
	// The bot is not running yet: the three updates come in one batch.
	srv.SendText(alice, telegramtest.Private(alice), "one")
	second := srv.SendText(alice, telegramtest.Private(alice), "two")
	srv.SendText(alice, telegramtest.Private(alice), "three")
	// The store fails three polls in a row: the person hears once.
	store := &flaky{Store: repotest.Open(t), srv: srv, key: "telegram:update:" + fmt.Sprint(second), fail: 3}
	h := &recorder{}
	stop, done := runBot(t, srv, store.Store, store, h)
	defer func() { stop(); <-done }()
	// Three answers, and the word that the desk was busy, once.
	if !srv.WaitFor(wait, func() bool { return len(srv.MessagesTo(alice.ID)) >= 4 }) {
		t.Fatalf("answered %d of 3 updates and the busy word:\n%s", len(srv.MessagesTo(alice.ID)), srv.Transcript(alice.ID))
	}
	if busy := strings.Count(srv.Transcript(alice.ID), "busy for a moment"); busy != 1 {
		t.Errorf("told %d times that the desk was busy, want once:\n%s", busy, srv.Transcript(alice.ID))
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if !store.kept {
		t.Fatal("the update was never kept")
	}
	for _, off := range store.before {
		if off > second {
			t.Errorf("getUpdates with offset %d confirmed update %d before it was kept (offsets %v)", off, second, store.before)
		}
	}
	var texts []string
	for _, in := range h.got() {
		texts = append(texts, in.Text)
	}
	if fmt.Sprint(texts) != "[one two three]" {
		t.Errorf("handled %q, want one, two, three in order", texts)
	}
}

// down is a store that cannot keep anything while broken is set.
type down struct {
	*repo.Store
	mu     sync.Mutex
	broken bool
}

func (s *down) KeepAll(ctx context.Context, platform string, keys []string, data [][]byte) ([]bool, error) {
	s.mu.Lock()
	broken := s.broken
	s.mu.Unlock()
	if broken {
		return nil, fmt.Errorf("the store is down")
	}
	return s.Store.KeepAll(ctx, platform, keys, data)
}

// By webhook an update is answered 200 only once it is kept: while the
// store is down Telegram is answered 503, and delivers the update again
// until it is kept; it is handled once.
func TestWebhookAnswersOnlyOnceKept(t *testing.T) {
	srv := telegramtest.NewServer(token)
	t.Cleanup(srv.Close)
	store := &down{Store: repotest.Open(t), broken: true}
	h := &recorder{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	stop, done := runBot(t, srv, store.Store, store, h, func(c *telegram.Config) {
		c.WebhookURL, c.WebhookSecret, c.ListenAddr = "http://"+addr+"/hook", secret, addr
	})
	defer func() { stop(); <-done }()
	srv.SendText(alice, telegramtest.Private(alice), "by webhook")
	refused := func() bool {
		for _, d := range srv.Deliveries() {
			if d.Status == http.StatusServiceUnavailable {
				return true
			}
		}
		return false
	}
	if !srv.WaitFor(wait, refused) {
		t.Fatalf("an update not kept was not refused: %+v", srv.Deliveries())
	}
	if got := h.got(); len(got) != 0 {
		t.Errorf("an update not kept was handled: %+v", got)
	}
	store.mu.Lock()
	store.broken = false
	store.mu.Unlock()
	if !srv.WaitFor(wait, func() bool { return len(srv.MessagesTo(alice.ID)) >= 1 }) {
		t.Fatalf("the update was never answered: %+v", srv.Deliveries())
	}
	if got := h.got(); len(got) != 1 || got[0].Text != "by webhook" {
		t.Errorf("handled %+v, want the update once", got)
	}
}
