package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

const (
	telegramDispatch    = -1001000000001
	telegramSupervisors = -1001000000002
)

// tgPerson is somebody on the fake Telegram.
type tgPerson struct {
	t    *testing.T
	srv  *telegramtest.Server
	user telegramtest.User
}

var _ person = (*tgPerson)(nil)

func (p *tgPerson) name() string            { return p.user.FirstName }
func (p *tgPerson) chat() telegramtest.Chat { return telegramtest.Private(p.user) }
func (p *tgPerson) seen() int               { return len(p.srv.MessagesTo(p.user.ID)) }
func (p *tgPerson) account() string         { return fmt.Sprintf("telegram:%d", p.user.ID) }
func (p *tgPerson) phone() string           { return fmt.Sprintf("1380000%04d", p.user.ID) }
func telegramGroup(g group) int64 {
	if g == dispatch {
		return telegramDispatch
	}
	return telegramSupervisors
}

func (p *tgPerson) expect(after int, want ...string) {
	p.t.Helper()
	waitUntil(p.t, fmt.Sprintf("%s to be told %q", p.name(), want), func() bool {
		ms := p.srv.MessagesTo(p.user.ID)
		for i := len(ms) - 1; i >= after && i >= 0; i-- {
			if contains(ms[i].Body(), want...) {
				return true
			}
		}
		return false
	}, func() string { return p.srv.Transcript(p.user.ID) })
}

func (p *tgPerson) do(send func(), want ...string) {
	p.t.Helper()
	n := p.seen()
	send()
	p.expect(n, want...)
}

func (p *tgPerson) say(text string, want ...string) {
	p.t.Helper()
	p.do(func() { p.srv.SendText(p.user, p.chat(), text) }, want...)
}

func (p *tgPerson) command(cmd string, want ...string) {
	p.t.Helper()
	name, args, _ := strings.Cut(cmd, " ")
	p.do(func() { p.srv.SendCommand(p.user, p.chat(), name, args) }, want...)
}

func (p *tgPerson) sendPhoto(data []byte, want ...string) {
	p.t.Helper()
	p.do(func() { p.srv.SendPhoto(p.user, p.chat(), data, "") }, want...)
}

func (p *tgPerson) sharePhone(phone string, want ...string) {
	p.t.Helper()
	p.do(func() { p.srv.SendContact(p.user, p.chat(), phone, p.user.ID) }, want...)
}

func (p *tgPerson) press(label string, want ...string) {
	p.t.Helper()
	p.pressChat(p.user.ID, label, want...)
}

func (p *tgPerson) pressIn(g group, label string, want ...string) {
	p.t.Helper()
	p.pressChat(telegramGroup(g), label, want...)
}

func (p *tgPerson) pressChat(chat int64, label string, want ...string) {
	p.t.Helper()
	m, b := p.find(chat, label)
	p.do(func() { p.srv.Press(p.user, m, b.Data) }, want...)
}

func (p *tgPerson) find(chat int64, label string) (telegramtest.Message, telegramtest.Button) {
	p.t.Helper()
	ms := p.srv.MessagesTo(chat)
	for i := len(ms) - 1; i >= 0; i-- {
		if b, ok := ms[i].Button(label); ok {
			return ms[i], b
		}
	}
	p.t.Fatalf("%s: no button %q in chat %d:\n%s", p.name(), label, chat, p.srv.Transcript(chat))
	return telegramtest.Message{}, telegramtest.Button{}
}

func (p *tgPerson) grab(g group, label string) func(by person, want ...string) {
	p.t.Helper()
	m, b := p.find(telegramGroup(g), label)
	return func(by person, want ...string) {
		other := by.(*tgPerson)
		other.do(func() { other.srv.Press(other.user, m, b.Data) }, want...)
	}
}

// tgGroups are the fake Telegram's groups.
type tgGroups struct{ srv *telegramtest.Server }

func (g tgGroups) posts(gr group) []post {
	var out []post
	for _, m := range g.srv.MessagesTo(telegramGroup(gr)) {
		out = append(out, post{body: m.Body(), buttons: m.Labels(), photo: len(m.Photo) > 0})
	}
	return out
}

func (g tgGroups) transcript(gr group) string { return g.srv.Transcript(telegramGroup(gr)) }

func telegramtestServer(t *testing.T) *telegramtest.Server {
	srv := telegramtest.NewServer("123456:e2e")
	t.Cleanup(srv.Close) // after the desk has stopped
	return srv
}

func tgUser(id int64, name string) telegramtest.User {
	return telegramtest.User{ID: id, FirstName: name, LanguageCode: "en"}
}

// tgPeople makes people of srv, each from an id and a first name.
func tgPeople(t *testing.T, srv *telegramtest.Server) func(id int64, name string) *tgPerson {
	return func(id int64, name string) *tgPerson { return &tgPerson{t, srv, tgUser(id, name)} }
}

func telegramEnv(srv *telegramtest.Server) map[string]string {
	return map[string]string{
		"TELEGRAM_TOKEN": srv.Token, "TELEGRAM_API_URL": srv.URL,
		"TELEGRAM_DISPATCH_CHAT": fmt.Sprint(telegramDispatch), "TELEGRAM_SUPERVISOR_CHAT": fmt.Sprint(telegramSupervisors),
	}
}

// TestTelegramEndToEnd takes one ticket through every state on Telegram,
// and edits then cancels a second, with the real program.
func TestTelegramEndToEnd(t *testing.T) {
	t.Parallel() // each runs its own program, and mostly waits on it
	srv := telegramtestServer(t)
	tg := tgPeople(t, srv)
	root, alice, tom, sue := tg(900, "Root"), tg(101, "Alice"), tg(201, "Tom"), tg(301, "Sue")
	env := telegramEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	withPlatformPacing(env) // as in use: this one ticket's life keeps to the limits
	startDesk(t, env)

	for _, p := range []*tgPerson{root, alice, tom, sue} {
		register(p, p.phone(), "Campus")
	}
	grant(root, tom.account(), "+ Technician")
	grant(root, sue.account(), "+ Supervisor")
	gs := tgGroups{srv}
	everyState(t, gs, alice, tom, sue, alice.phone())
	editThenCancel(t, gs, alice, alice.phone(), 1002)
}
