package conversation

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/sheet"
	"github.com/repairdesk/repairdesk/talk"
)

// Engine runs the dialogues. It is safe for concurrent use.
type Engine struct {
	svc      *desk.Service
	sessions SessionStore
	log      *slog.Logger
	// locks serialise the turns of one person within this process; the
	// session's version guards against other processes.
	locks [64]sync.Mutex
	// StepObserver, if set, is told how long each turn took (metrics).
	StepObserver func(platform string, d time.Duration)
	// Charts draws the weekly chart for /chart; without it the command
	// says the chart is not available.
	Charts Painter
	// Printer draws room codes; nil uses the machine's fonts
	// (sheet.System). Tests set one, so that a sheet does not depend on
	// the fonts a machine has.
	Printer *sheet.Printer

	recent recentAnswers
}

// New returns an Engine over the desk's use cases and a session store.
func New(svc *desk.Service, sessions SessionStore, log *slog.Logger) *Engine {
	return &Engine{svc: svc, sessions: sessions, log: log}
}

var _ talk.Handler = (*Engine)(nil)

// Handle answers one input. It never panics: a failure is logged and the
// person is told that something went wrong.
func (e *Engine) Handle(ctx context.Context, in talk.Input) (resp talk.Response, err error) {
	return e.take(ctx, in, (*turn).run)
}

// take answers one input with step, in a turn of the person's own.
func (e *Engine) take(ctx context.Context, in talk.Input, step func(*turn) error) (resp talk.Response, err error) {
	start := time.Now()
	lang := i18n.Norm(in.Lang)
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("panic in dialogue", "account", in.Account, "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("dialogue panic: %v", r)
		}
		if err != nil {
			resp = talk.Response{Toast: i18n.T(lang, "err.internal"), Messages: []talk.Message{{Text: i18n.T(lang, "err.internal")}}}
		}
		if e.StepObserver != nil {
			e.StepObserver(in.Platform, time.Since(start))
		}
	}()
	if in.Account == "" {
		return talk.Response{}, errors.New("input without an account")
	}
	ctx = desk.WithInput(ctx, in.Key)
	mu := &e.locks[lockIndex(in.Account, len(e.locks))]
	mu.Lock()
	defer mu.Unlock()

	user, err := e.svc.Account(ctx, in.Account, lang)
	if err != nil {
		return talk.Response{}, fmt.Errorf("account %s: %w", in.Account, err)
	}
	if user.Lang == "" && lang != "" {
		// Someone registered by an admin before they ever wrote: take the
		// language their platform reports now.
		if u, err := e.svc.SetLang(ctx, user, lang); err == nil {
			user = u
		}
	}
	if user.Lang != "" {
		lang = user.Lang
	}
	if user.Home != in.Account && !in.Group && !in.Background {
		if u, err := e.svc.SetHome(ctx, user, in.Account); err == nil {
			user = u
		}
	}
	id := SessionID(in.Account, "dm")
	for attempt := 0; ; attempt++ {
		s, err := e.sessions.Session(ctx, id)
		if errors.Is(err, desk.ErrNotFound) {
			s, err = &Session{ID: id}, nil
		}
		if err != nil {
			return talk.Response{}, fmt.Errorf("load session: %w", err)
		}
		if s.done(in.Key) {
			// Handed over again after a crash: the effect is recorded,
			// the answer may not have reached the person.
			e.log.Debug("input already handled, answering again", "key", in.Key)
			if resp, ok := e.recent.get(in.Key); ok {
				return resp, nil
			}
			return s.again(in.Key), nil
		}
		t := &turn{ctx: ctx, e: e, in: in, user: user, s: s, lang: lang}
		if err := step(t); err != nil {
			return talk.Response{}, err
		}
		if in.Key != "" && (t.dirty || t.acted) {
			// A turn that acted without changing the dialogue (a claim
			// from a group's button) is written too: the key must be on
			// record with the effect.
			resp := t.response()
			s.remember(in.Key, resp)
			e.recent.put(in.Key, resp)
		} else if !t.dirty {
			return t.response(), nil
		}
		prev := s.Version
		s.Version++
		s.UpdatedAt = time.Now()
		if in.Key != "" {
			// Kept by the adapter until finished: the store may write the
			// session with others then (StageSession).
			err = e.sessions.StageSession(ctx, s, prev)
		} else {
			err = e.sessions.PutSession(ctx, s, prev)
		}
		if errors.Is(err, desk.ErrConflict) && !t.acted && attempt < 3 {
			// Another copy of the program answered this person at the
			// same moment; nothing was changed yet, so answer afresh.
			continue
		}
		if err != nil {
			// The desk already acted (a claim, a report): keep its
			// answer rather than pretend nothing happened.
			e.log.Warn("session not saved", "session", id, "err", err)
		}
		return t.response(), nil
	}
}

func (e *Engine) printer() *sheet.Printer {
	if e.Printer != nil {
		return e.Printer
	}
	return sheet.System()
}

func lockIndex(key string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

// turn is one input being handled: who, where, and what to answer.
type turn struct {
	ctx   context.Context
	e     *Engine
	in    talk.Input
	user  *desk.User
	s     *Session
	lang  string
	out   []talk.Message
	toast string
	lead  string // a preface for the next message
	dirty bool   // the session changed and must be saved
	acted bool   // the desk changed something; the turn must not be repeated
	// pressed is the value of a pressed answer button (isPress), which a
	// question takes instead of typed text.
	pressed string
	isPress bool

	settings *desk.Settings
	catalog  *desk.Catalog
}

func (t *turn) svc() *desk.Service { return t.e.svc }

func (t *turn) now() time.Time { return t.e.svc.Now() }

func (t *turn) response() talk.Response {
	if t.lead != "" {
		t.out = append(t.out, talk.Message{Text: t.lead})
		t.lead = ""
	}
	return talk.Response{Toast: t.toast, Messages: t.out}
}

// preface puts a text in the person's language above the next message,
// in the same message: a greeting and the first question, or "registered"
// and what the desk can do, are one message, not two. On a platform that
// sends about one message a second to a chat, and thirty in all, a busy
// morning's registrations wait half as long.
func (t *turn) preface(key string, args ...any) {
	text := i18n.T(t.lang, key, args...)
	if t.lead != "" {
		text = t.lead + "\n\n" + text
	}
	t.lead = text
}

// say adds a message in the person's language.
func (t *turn) say(key string, args ...any) {
	t.send(talk.Message{Text: i18n.T(t.lang, key, args...)})
}

// send adds a prepared message, below a preface if one waits.
func (t *turn) send(m talk.Message) {
	if t.lead != "" {
		m.Text = t.lead + "\n\n" + m.Text
		t.lead = ""
	}
	t.out = append(t.out, m)
}

// T translates a key in the person's language.
func (t *turn) T(key string, args ...any) string { return i18n.T(t.lang, key, args...) }

// fail tells the person why something did not work, in their language,
// and logs what is not the person's fault.
func (t *turn) fail(err error) {
	key, args := desk.MessageOf(err)
	if key == "err.internal" {
		t.e.log.Error("turn failed", "account", t.in.Account, "err", err)
	}
	msg := t.T(key, localArgs(t.lang, args)...)
	t.toast = msg
	t.send(talk.Message{Text: msg})
}

func (t *turn) Settings() desk.Settings {
	if t.settings == nil {
		s, err := t.svc().Settings(t.ctx)
		if err != nil {
			t.e.log.Error("load settings", "err", err)
			s = desk.DefaultSettings()
		}
		t.settings = &s
	}
	return *t.settings
}

func (t *turn) Catalog() desk.Catalog {
	if t.catalog == nil {
		c, err := t.svc().Catalog(t.ctx)
		if err != nil {
			t.e.log.Error("load catalog", "err", err)
			c = desk.DefaultCatalog()
		}
		t.catalog = &c
	}
	return *t.catalog
}

// localArgs translates arguments that are themselves message keys or
// states, so "wrong state: accepted" reads "已接单" in Chinese.
func localArgs(lang string, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case desk.State:
			out[i] = i18n.T(lang, "state."+string(v))
		case time.Duration:
			out[i] = i18n.Duration(lang, v)
		case string:
			if i18n.Has("field." + v) {
				out[i] = i18n.T(lang, "field."+v)
			} else {
				out[i] = v
			}
		default:
			out[i] = a
		}
	}
	return out
}
