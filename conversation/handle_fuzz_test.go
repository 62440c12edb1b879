package conversation_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// FuzzHandle runs one dialogue step with arbitrary input: text, a command,
// a pressed (or forged) button token, a form's answer, a photo or a shared
// contact, from a person standing at any step of a dialogue the desk can
// reach. Whatever arrives, the engine answers: it does not panic, it
// returns no error, and it never tells the person that something went
// wrong inside the desk (that answer is for faults, and a fault on some
// input is a defect). Every button it sends back is one the desk can read,
// but for the platform's own button that shares a phone number.
//
// The store is opened once and the situations are reached once, by
// walking the dialogues; each step puts the person's saved session back
// to one of them first. The tickets live on between steps, so a step may
// meet a ticket an earlier one changed: the desk must cope with that too.
func FuzzHandle(f *testing.F) {
	fz := newFuzzDesk(f)
	// Seeds: at every situation a typed answer and a press of its first
	// button, and one of the other kinds of input in turn.
	for i, s := range fz.situations {
		v := 0
		if s.session != nil {
			v = s.session.Version
		}
		f.Add(uint16(i), uint8(inText), "\u202eeciA", "1", "")
		f.Add(uint16(i), uint8(inButton), "", "", talk.DialogueToken(v, "0"))
		switch i % 5 {
		case 0:
			f.Add(uint16(i), uint8(inFormAnswer), "", "2026-11-24 14:00 - 16:00", talk.FormToken(v))
		case 1:
			f.Add(uint16(i), uint8(inText), "", "Lamp \u202eflickers\u202c", "")
		case 2:
			f.Add(uint16(i), uint8(inPhoto), "", "", "")
		case 3:
			f.Add(uint16(i), uint8(inContact), "", "+86 138 0000 1111", "")
		case 4:
			f.Add(uint16(i), uint8(inButton), "", "", talk.FormToken(v))
		}
	}
	for i, a := range []string{"detail", "photos", "claim", "urge", "resume", "approve", "rate", "edit",
		"cancel", "reply", "suspend", "complete", "release", "reject", "assign"} {
		f.Add(uint16(i), uint8(inButton), "", "", talk.TicketToken(a, fz.tickets[i%len(fz.tickets)]))
	}
	for _, c := range []string{"start", "help", "lang", "me", "profile", "report", "mine", "faq", "jobs",
		"pool", "stats", "overdue", "admin", "home", "ticket", "skip", "continue", "link", "/REPORT", "nope"} {
		f.Add(uint16(len(c)), uint8(inCommand), c, "x", "")
	}
	// Forged presses and odd arguments, from the requester (situation 1).
	f.Add(uint16(1), uint8(inButton), "", "", "m:mine:nope")
	f.Add(uint16(1), uint8(inButton), "", "", talk.TicketToken("rate", fz.tickets[3], "9"))
	f.Add(uint16(1), uint8(inButton), "", "", "t:claim:999999999999")
	f.Add(uint16(1), uint8(inCommand), "ticket", "000000000000", "")
	f.Add(uint16(1), uint8(inCommand), "link", "123456", "")

	f.Fuzz(func(t *testing.T, at uint16, how uint8, command, text, token string) {
		fz.step(t, int(at), how, command, text, token)
	})
}

// Kinds of input, the low bits of FuzzHandle's how. The higher bits choose
// the language the platform reports and whether it came from a group.
const (
	inText = iota
	inCommand
	inButton
	inFormAnswer
	inPhoto
	inContact
	inKinds
)

// fuzzDesk is the desk FuzzHandle steps: one store, the people in it, and
// the situations they can be put back into.
type fuzzDesk struct {
	h          *harness
	store      *repo.Store
	engine     *conversation.Engine
	log        *faultLog
	situations []situation
	tickets    []string
}

// situation is a person at a point of a dialogue: their account and their
// saved session (nil: no dialogue going on).
type situation struct {
	account string
	session *conversation.Session
}

func newFuzzDesk(tb testing.TB) *fuzzDesk {
	ctx := tb.Context()
	store := repotest.Open(tb)
	h := newHarness(tb, store)
	fz := &fuzzDesk{h: h, store: store, log: &faultLog{}}
	fz.engine = conversation.New(h.svc, store, slog.New(fz.log))

	// A person who has never written, and one of each role.
	fz.situations = append(fz.situations, situation{account: "test:nobody"})
	people := map[string]*desk.User{}
	for i, who := range []string{"requester", "technician", "supervisor", "admin"} {
		acc := "test:" + who
		u, err := h.svc.Account(ctx, acc, "en")
		if err != nil {
			tb.Fatal(err)
		}
		p := desk.Profile{Name: who, Phone: fmt.Sprintf("1380000000%d", i), Department: "Works"}
		if u, err = h.svc.Register(ctx, u, p); err != nil {
			tb.Fatal(err)
		}
		if role, ok := desk.ParseRole(who); ok {
			if u, err = h.svc.GrantBootstrap(ctx, u.ID, role); err != nil {
				tb.Fatal(err)
			}
		}
		people[who] = u
		fz.situations = append(fz.situations, situation{account: acc})
	}

	// Tickets in the states the buttons act on: waiting for a technician,
	// taken, with a suspension to review, done and awaiting a rating.
	cat, err := h.svc.Catalog(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	report := desk.Report{
		Location:    desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0], Room: "101"},
		ProblemType: cat.ProblemTypes[0], Title: "Lamp", Description: "Flickers", Contact: "13800000000",
	}
	tech := people["technician"]
	for i := range 4 {
		tk, err := h.svc.Report(ctx, people["requester"], report)
		if err != nil {
			tb.Fatal(err)
		}
		fz.tickets = append(fz.tickets, tk.ID)
		switch i {
		case 1:
			_, err = h.svc.Claim(ctx, tech, tk.ID)
		case 2:
			if _, err = h.svc.Claim(ctx, tech, tk.ID); err == nil {
				_, err = h.svc.RequestSuspension(ctx, tech, tk.ID, "Waiting for parts", nil)
			}
		case 3:
			if _, err = h.svc.Claim(ctx, tech, tk.ID); err == nil {
				_, err = h.svc.Complete(ctx, tech, tk.ID, cat.RepairTypes[0], "Replaced", nil)
			}
		}
		if err != nil {
			tb.Fatal(err)
		}
	}

	// Walk the dialogues each person can start, to find the steps to put
	// people back at.
	pending, taken, waiting, done := fz.tickets[0], fz.tickets[1], fz.tickets[2], fz.tickets[3]
	press := func(kind talk.Kind, command, token string) talk.Input {
		return talk.Input{Kind: kind, Command: command, Token: token}
	}
	cmd := func(c string) talk.Input { return press(talk.KindCommand, c, "") }
	btn := func(a, id string) talk.Input { return press(talk.KindButton, "", talk.TicketToken(a, id)) }
	walks := map[string][]talk.Input{
		"test:nobody":     {cmd("start")},
		"test:requester":  {cmd("report"), cmd("profile"), cmd("faq"), btn("edit", pending), btn("cancel", pending), btn("reply", pending), btn("rate", done)},
		"test:technician": {btn("suspend", taken), btn("complete", taken), btn("release", taken), cmd("report")},
		"test:supervisor": {btn("reject", waiting), btn("assign", pending)},
		"test:admin":      {cmd("admin")},
	}
	seen := map[string]bool{}
	for _, acc := range []string{"test:nobody", "test:requester", "test:technician", "test:supervisor", "test:admin"} {
		for _, first := range walks[acc] {
			for way := range 3 {
				fz.walk(tb, acc, first, way, seen)
			}
		}
	}
	tb.Logf("%d situations, tickets %v", len(fz.situations), fz.tickets)
	return fz
}

// walk starts a dialogue with first and answers its questions, one way
// of several: pressing one of the offered buttons or typing something
// plausible, until the dialogue ends or a dozen steps have passed. Each
// step it reaches for the first time becomes a situation.
func (fz *fuzzDesk) walk(tb testing.TB, acc string, first talk.Input, way int, seen map[string]bool) {
	ctx := tb.Context()
	fz.reset(tb, situation{account: acc})
	texts := []string{"1", "101", "Lamp flickers", "2026-11-24 14:00 - 16:00", "-", "13800001111", "requester"}
	in := first
	for n := range 12 {
		in.Platform, in.Account, in.Chat, in.Lang = "test", acc, acc, "en"
		resp, err := fz.engine.Handle(ctx, in)
		if err != nil {
			tb.Fatalf("%s %+v: %v", acc, in, err)
		}
		s, err := fz.store.Session(ctx, conversation.SessionID(acc, "dm"))
		if err != nil || s.Flow == "" {
			return
		}
		if key := acc + "/" + s.Flow + "/" + s.Step; !seen[key] {
			seen[key] = true
			fz.situations = append(fz.situations, situation{account: acc, session: s})
		}
		var choices []string
		asksContact := false
		if len(resp.Messages) > 0 {
			last := resp.Messages[len(resp.Messages)-1]
			asksContact = last.AskContact
			for _, r := range last.Rows {
				for _, b := range r.Buttons {
					if strings.HasPrefix(b.Token, "d:") {
						choices = append(choices, b.Token)
					}
				}
			}
		}
		switch {
		case asksContact:
			in = talk.Input{Kind: talk.KindContact, Text: "13800001111"}
		case len(choices) > 0 && (n+way)%3 != 2:
			in = talk.Input{Kind: talk.KindButton, Token: choices[way%len(choices)]}
		default:
			in = talk.Input{Kind: talk.KindText, Text: texts[(n+way)%len(texts)]}
		}
	}
}

// reset puts a person's saved session back to a situation's.
func (fz *fuzzDesk) reset(tb testing.TB, s situation) {
	ctx := tb.Context()
	id := conversation.SessionID(s.account, "dm")
	cur, err := fz.store.Session(ctx, id)
	prev := 0
	if err == nil {
		prev = cur.Version
	}
	// A situation keeps the version its questions were asked with, so
	// that pressing their buttons is not taken for a stale press.
	next := conversation.Session{ID: id, Version: prev + 1}
	if s.session != nil {
		next = *s.session
	}
	if err := fz.store.PutSession(ctx, &next, prev); err != nil {
		tb.Fatalf("reset session of %s: %v", s.account, err)
	}
}

// step puts a person into situation at and sends them one input.
func (fz *fuzzDesk) step(t *testing.T, at int, how uint8, command, text, token string) {
	ctx := t.Context()
	s := fz.situations[at%len(fz.situations)]
	fz.reset(t, s)
	// The display name is the person's too: a platform passes on whatever
	// they called themselves. It takes the command's place when there is
	// no command.
	in := talk.Input{Platform: "test", Account: s.account, Chat: s.account, Name: command,
		Lang: []string{"en", "zh", "", "xx"}[how>>4&3]}
	if how&0x40 != 0 {
		in.Chat, in.Group = "test:dispatch", true
	}
	switch how & 0x0f % inKinds {
	case inText:
		in.Kind, in.Text = talk.KindText, text
	case inCommand:
		in.Kind, in.Command, in.Text, in.Name = talk.KindCommand, command, text, "Fuzz"
	case inButton:
		in.Kind, in.Token = talk.KindButton, token
	case inFormAnswer:
		in.Kind, in.Token, in.Text = talk.KindText, token, text
	case inPhoto:
		in.Kind, in.Photo = talk.KindPhoto, fz.h.photoID
	case inContact:
		in.Kind, in.Text = talk.KindContact, text
	}
	fz.log.reset()
	resp, err := fz.engine.Handle(ctx, in)
	if err != nil {
		t.Fatalf("%+v at %s %+v: error %v", in, s.account, s.session, err)
	}
	if faults := fz.log.take(); len(faults) > 0 {
		t.Fatalf("%+v at %s %+v: the desk logged a fault:\n%s", in, s.account, s.session, strings.Join(faults, "\n"))
	}
	for _, m := range resp.Messages {
		for _, r := range m.Rows {
			for _, b := range r.Buttons {
				if b.Token == "" && m.AskContact {
					continue // the platform's own "share my phone" button
				}
				if _, ok := talk.ParseToken(b.Token); !ok {
					t.Fatalf("%+v: answered with a button the desk cannot read: %q", in, b.Token)
				}
			}
		}
	}
}

// faultLog is a log handler that keeps the warnings and errors: the
// engine logs a fault there before it tells the person something went
// wrong.
type faultLog struct {
	mu     sync.Mutex
	faults []string
}

func (l *faultLog) Enabled(context.Context, slog.Level) bool { return true }

func (l *faultLog) Handle(_ context.Context, r slog.Record) error {
	if r.Level < slog.LevelWarn {
		return nil
	}
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key != "stack" {
			fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		}
		return true
	})
	l.mu.Lock()
	l.faults = append(l.faults, b.String())
	l.mu.Unlock()
	return nil
}

func (l *faultLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *faultLog) WithGroup(string) slog.Handler      { return l }

func (l *faultLog) reset() { l.take() }

func (l *faultLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.faults
	l.faults = nil
	return f
}
