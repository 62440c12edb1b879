package slack_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack"
	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// People and channels of the fake workspace.
const (
	alice      = "U0ALICE" // English client
	bo         = "U0BO"    // Chinese client
	dispatch   = "C0DISPATCH"
	supervisor = "C0SUPER"
	team       = fakeslack.DefaultTeam
)

// wait is how long a test waits for the bot to do something it should.
const wait = 10 * time.Second

// rig is the bot running against a fake Slack, over the embedded store
// (photos, events seen), answering through h.
type rig struct {
	t     *testing.T
	srv   *fakeslack.Server
	bot   *slack.Bot
	store *repo.Store
	hook  *httptest.Server // HTTP mode: the bot's endpoints
}

type mode string

const (
	socketMode mode = "socket"
	httpMode   mode = "http"
)

// inBothModes runs test once over Socket Mode and once over HTTP.
func inBothModes(t *testing.T, test func(*testing.T, mode)) {
	for _, m := range []mode{socketMode, httpMode} {
		t.Run(string(m), func(t *testing.T) { test(t, m) })
	}
}

// newRig starts the bot in the given mode. The store is shared with h
// when h needs it: pass nil to get one of its own.
func newRig(t *testing.T, m mode, h slack.Engine, store *repo.Store) *rig {
	t.Helper()
	if store == nil {
		store = repotest.Open(t)
	}
	srv := fakeslack.New()
	t.Cleanup(srv.Close)
	srv.AddUser(fakeslack.User{ID: alice, Name: "alice", RealName: "Alice Liu", Locale: "en-US"})
	srv.AddUser(fakeslack.User{ID: bo, Name: "bo", RealName: "王博", Locale: "zh-CN"})
	srv.AddChannel(dispatch, "repairs")
	srv.AddChannel(supervisor, "repair-heads")
	cfg := slack.Config{BotToken: srv.BotToken, APIBase: srv.APIURL,
		DispatchChannel: dispatch, SupervisorChannel: "slack:" + supervisor,
		// Fast enough for tests that send a lot, slow enough to pace.
		Pace: slack.Pace{Every: 50 * time.Millisecond, Burst: 5}}
	if m == httpMode {
		cfg.SigningSecret = srv.SigningSecret
	} else {
		cfg.AppToken = srv.AppToken
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	bot, err := slack.New(cfg, h, store, store, logger)
	if err != nil {
		t.Fatalf("new bot: %v", err)
	}
	r := &rig{t: t, srv: srv, bot: bot, store: store}
	if m == httpMode {
		r.hook = httptest.NewServer(bot.Handler())
		t.Cleanup(r.hook.Close)
		srv.UseHTTP(r.hook.URL)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bot.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Errorf("Run did not return after its context ended")
		}
	})
	ready := func() bool { return len(srv.Calls("auth.test")) > 0 }
	if m == socketMode {
		ready = srv.Connected
	}
	if !srv.WaitFor(wait, ready) {
		t.Fatalf("the bot did not start")
	}
	return r
}

// dm waits until the bot has written n messages to user's DM and returns
// them.
func (r *rig) dm(user string, n int) []fakeslack.Message {
	r.t.Helper()
	var got []fakeslack.Message
	ok := r.srv.WaitFor(wait, func() bool {
		got = r.srv.BotMessagesTo(user)
		return len(got) >= n
	})
	if !ok {
		r.t.Fatalf("%s got %d messages from the bot, want %d: %v", user, len(got), n, bodies(got))
	}
	return got
}

// acked waits until every delivery is acknowledged.
func (r *rig) acked(ds ...*fakeslack.Delivery) {
	r.t.Helper()
	for _, d := range ds {
		if !r.srv.WaitFor(wait, func() bool { return r.srv.Acked(d) }) {
			r.t.Fatalf("%s envelope %s was not acknowledged", d.Type, d.ID)
		}
	}
}

func bodies(ms []fakeslack.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Body()
	}
	return out
}

// recorder is an Engine that records its inputs and answers with answer,
// or by echoing what it got. It has no report form for anyone: its
// button falls back to the dialogue.
type recorder struct {
	mu     sync.Mutex
	inputs []talk.Input
	answer func(talk.Input) (talk.Response, error)
}

func (r *recorder) Handle(_ context.Context, in talk.Input) (talk.Response, error) {
	r.mu.Lock()
	r.inputs = append(r.inputs, in)
	answer := r.answer
	r.mu.Unlock()
	if answer != nil {
		return answer(in)
	}
	return echo(in), nil
}

func (r *recorder) ReportForm(context.Context, talk.Input) (*desk.User, desk.Catalog, error) {
	return nil, desk.Catalog{}, errors.New("no report form here")
}

func (r *recorder) CheckReport(_ context.Context, rep desk.Report) (desk.Report, error) {
	return rep, nil
}

func (r *recorder) Report(ctx context.Context, in talk.Input, _ desk.Report) (talk.Response, error) {
	in.Kind, in.Command = talk.KindCommand, "report-form"
	return r.Handle(ctx, in)
}

func echo(in talk.Input) talk.Response {
	var parts []string
	for _, p := range []string{string(in.Kind), in.Command, in.Token, in.Text} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	what := strings.Join(parts, " ")
	return talk.Response{Messages: []talk.Message{{Text: "got " + what}}}
}

func (r *recorder) got() []talk.Input {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]talk.Input(nil), r.inputs...)
}

// wait waits for n inputs and returns them.
func (r *recorder) wait(t *testing.T, srv *fakeslack.Server, n int) []talk.Input {
	t.Helper()
	if !srv.WaitFor(wait, func() bool { return len(r.got()) >= n }) {
		t.Fatalf("the handler got %d inputs, want %d: %+v", len(r.got()), n, r.got())
	}
	return r.got()
}
