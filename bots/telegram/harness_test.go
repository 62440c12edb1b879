package telegram_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/telegram"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

const token = "4242:test-token"

// wait is how long a test waits for the bot to do something it should do
// at once; only a failing test waits that long.
const wait = 10 * time.Second

// fast are limits that do not slow the tests; the limiter has its own test.
var fast = telegram.Limits{
	Chat:    telegram.Rate{Every: time.Millisecond, Burst: 100},
	Group:   telegram.Rate{Every: time.Millisecond, Burst: 100},
	Overall: telegram.Rate{Every: time.Microsecond, Burst: 1000},
}

// People and chats of the tests.
var (
	alice   = telegramtest.User{ID: 101, FirstName: "Alice", LastName: "Smith", LanguageCode: "en-GB"}
	bob     = telegramtest.User{ID: 102, FirstName: "小", LastName: "明", LanguageCode: "zh-hans"}
	carol   = telegramtest.User{ID: 103, FirstName: "Carol", LanguageCode: "en"}
	techs   = telegramtest.Group(-1001000000001, "Technicians")
	leaders = telegramtest.Group(-1001000000002, "Supervisors")
)

// rig is a Bot against a fake Bot API server, over the embedded store.
type rig struct {
	t     *testing.T
	srv   *telegramtest.Server
	store *repo.Store
	bot   *telegram.Bot
	stop  func()
}

// newRig runs a Bot answering through h until the test ends. cfg may
// change the configuration before the bot is made.
func newRig(t *testing.T, h telegram.Engine, cfg ...func(*telegram.Config)) *rig {
	t.Helper()
	srv := telegramtest.NewServer(token)
	t.Cleanup(srv.Close)
	r := &rig{t: t, srv: srv, store: repotest.Open(t)}
	r.start(h, cfg...)
	return r
}

// start runs a new Bot on the rig's server and store.
func (r *rig) start(h telegram.Engine, cfg ...func(*telegram.Config)) {
	r.t.Helper()
	c := telegram.Config{Token: token, APIBase: r.srv.URL, DispatchChat: fmt.Sprint(techs.ID),
		SupervisorChat: fmt.Sprint(leaders.ID), Limits: fast}
	for _, f := range cfg {
		f(&c)
	}
	logger := slog.New(slog.NewTextHandler(r.t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	bot, err := telegram.New(c, h, r.store, r.store, logger)
	if err != nil {
		r.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bot.Run(ctx) }()
	var once sync.Once
	r.bot = bot
	r.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					r.t.Errorf("Run: %v", err)
				}
			case <-time.After(wait):
				r.t.Errorf("Run did not return after its context ended")
			}
		})
	}
	r.t.Cleanup(r.stop)
}

// waitFor fails the test unless cond holds soon.
func (r *rig) waitFor(what string, cond func() bool) {
	r.t.Helper()
	if !r.srv.WaitFor(wait, cond) {
		r.t.Fatalf("timed out waiting for %s", what)
	}
}

// said waits for n messages from the bot in a chat and returns them.
func (r *rig) said(chat int64, n int) []telegramtest.Message {
	r.t.Helper()
	r.waitFor(fmt.Sprintf("%d messages in chat %d", n, chat), func() bool { return len(r.srv.MessagesTo(chat)) >= n })
	return r.srv.MessagesTo(chat)
}

// deskEngine is the desk's real engine as the adapter takes it, as the
// program wires it.
type deskEngine struct{ *conversation.Engine }

func (e deskEngine) Menu(ctx context.Context, account, lang string) (telegram.Menu, error) {
	m, err := e.Engine.Menu(ctx, account, lang)
	return telegram.Menu(m), err
}

func (deskEngine) CommandsFor(lang string, u *desk.User) [][2]string {
	return conversation.CommandsFor(lang, u)
}

// recorder is an Engine that records its inputs and answers with answer,
// or else with an echo of the input. It tells no one's menu, so that the
// bot sets none but the menus at start, which are the desk's.
type recorder struct {
	mu     sync.Mutex
	inputs []talk.Input
	answer func(talk.Input) talk.Response
}

func (h *recorder) Handle(_ context.Context, in talk.Input) (talk.Response, error) {
	h.mu.Lock()
	h.inputs = append(h.inputs, in)
	answer := h.answer
	h.mu.Unlock()
	if answer != nil {
		return answer(in), nil
	}
	return talk.Response{Messages: []talk.Message{{Text: echo(in)}}}, nil
}

func (h *recorder) Menu(context.Context, string, string) (telegram.Menu, error) {
	return telegram.Menu{}, errors.New("no menus here")
}

func (h *recorder) CommandsFor(lang string, u *desk.User) [][2]string {
	return conversation.CommandsFor(lang, u)
}

func (h *recorder) got() []talk.Input {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]talk.Input(nil), h.inputs...)
}

// echo describes an input in one line.
func echo(in talk.Input) string {
	switch in.Kind {
	case talk.KindCommand:
		return "command " + in.Command + " " + in.Text
	case talk.KindButton:
		return "pressed " + in.Token
	}
	return string(in.Kind) + " " + in.Text
}

// pngPhoto is a small real picture.
func pngPhoto(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := range 8 {
		img.Set(x, x, color.RGBA{shade, 0, 0, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func itoa(i int) string { return strconv.Itoa(i) }

func texts(ms []telegramtest.Message) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Body())
	}
	return strings.Join(out, " | ")
}
