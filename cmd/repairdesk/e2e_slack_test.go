package main

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

const (
	slackDispatch    = "C0DISPATCH"
	slackSupervisors = "C0SUPERVISE"
)

// slPerson is somebody on the fake Slack.
type slPerson struct {
	t    *testing.T
	srv  *fakeslack.Server
	user fakeslack.User
}

var _ person = (*slPerson)(nil)

func (p *slPerson) name() string    { return p.user.RealName }
func (p *slPerson) seen() int       { return len(p.srv.BotMessagesTo(p.user.ID)) }
func (p *slPerson) account() string { return "slack:" + p.srv.Team + "/" + p.user.ID }
func slackChannel(g group) string {
	if g == dispatch {
		return slackDispatch
	}
	return slackSupervisors
}

func (p *slPerson) transcript() string {
	var b strings.Builder
	for _, m := range p.srv.BotMessagesTo(p.user.ID) {
		b.WriteString(m.Body() + "\n")
	}
	return b.String()
}

func (p *slPerson) expect(after int, want ...string) {
	p.t.Helper()
	waitUntil(p.t, fmt.Sprintf("%s to be told %q", p.name(), want), func() bool {
		ms := p.srv.BotMessagesTo(p.user.ID)
		for i := len(ms) - 1; i >= after && i >= 0; i-- {
			if contains(ms[i].Body(), want...) {
				return true
			}
		}
		return false
	}, p.transcript)
}

func (p *slPerson) do(send func(), want ...string) {
	p.t.Helper()
	n := p.seen()
	send()
	p.expect(n, want...)
}

func (p *slPerson) say(text string, want ...string) {
	p.t.Helper()
	p.do(func() { p.srv.SendDM(p.user.ID, text) }, want...)
}

// command is "/repair <cmd>", typed in the DM with the bot.
func (p *slPerson) command(cmd string, want ...string) {
	p.t.Helper()
	p.do(func() { p.srv.Command(p.user.ID, "", cmd) }, want...)
}

func (p *slPerson) sendPhoto(data []byte, want ...string) {
	p.t.Helper()
	p.do(func() { p.srv.ShareFile(p.user.ID, "photo.jpg", "image/jpeg", data, "") }, want...)
}

// sharePhone: Slack has no share-my-phone button; people type it.
func (p *slPerson) sharePhone(phone string, want ...string) {
	p.t.Helper()
	p.say(phone, want...)
}

func (p *slPerson) press(label string, want ...string) {
	p.t.Helper()
	p.pressChannel(fakeslack.DMOf(p.user.ID), label, want...)
}

func (p *slPerson) pressIn(g group, label string, want ...string) {
	p.t.Helper()
	p.pressChannel(slackChannel(g), label, want...)
}

func (p *slPerson) pressChannel(channel, label string, want ...string) {
	p.t.Helper()
	m, b := p.find(channel, label)
	p.do(func() { p.srv.Press(p.user.ID, m, b) }, want...)
}

func (p *slPerson) find(channel, label string) (fakeslack.Message, fakeslack.Button) {
	p.t.Helper()
	ms := p.srv.MessagesIn(channel)
	for i := len(ms) - 1; i >= 0; i-- {
		for _, b := range ms[i].Buttons() {
			if b.Label == label {
				return ms[i], b
			}
		}
	}
	p.t.Fatalf("%s: no button %q in %s", p.name(), label, channel)
	return fakeslack.Message{}, fakeslack.Button{}
}

func (p *slPerson) grab(g group, label string) func(by person, want ...string) {
	p.t.Helper()
	m, b := p.find(slackChannel(g), label)
	return func(by person, want ...string) {
		other := by.(*slPerson)
		other.do(func() { other.srv.Press(other.user.ID, m, b) }, want...)
	}
}

// slGroups are the fake Slack's channels.
type slGroups struct{ srv *fakeslack.Server }

func (g slGroups) posts(gr group) []post {
	var out []post
	for _, m := range g.srv.MessagesIn(slackChannel(gr)) {
		p := post{body: m.Body(), photo: len(m.Files) > 0}
		for _, b := range m.Buttons() {
			p.buttons = append(p.buttons, b.Label)
		}
		out = append(out, p)
	}
	for _, f := range g.srv.Uploads() {
		if f.Channel == slackChannel(gr) {
			out = append(out, post{photo: true})
		}
	}
	return out
}

func (g slGroups) transcript(gr group) string {
	var b strings.Builder
	for _, p := range g.posts(gr) {
		fmt.Fprintf(&b, "%s %v photo=%v\n", p.body, p.buttons, p.photo)
	}
	return b.String()
}

func newFakeSlack(t *testing.T) *fakeslack.Server {
	srv := fakeslack.New()
	t.Cleanup(srv.Close) // after the desk has stopped
	srv.AddChannel(slackDispatch, "repairs")
	srv.AddChannel(slackSupervisors, "repair-supervisors")
	return srv
}

func slackEnv(srv *fakeslack.Server) map[string]string {
	return map[string]string{
		"SLACK_BOT_TOKEN": srv.BotToken, "SLACK_APP_TOKEN": srv.AppToken, "SLACK_API_URL": srv.APIURL,
		"SLACK_DISPATCH_CHANNEL": slackDispatch, "SLACK_SUPERVISOR_CHANNEL": slackSupervisors,
	}
}

// bothEnv is the environment of a desk on Telegram and Slack at once.
func bothEnv(tg *telegramtest.Server, sl *fakeslack.Server) map[string]string {
	env := telegramEnv(tg)
	maps.Copy(env, slackEnv(sl))
	return env
}

func slackPerson(t *testing.T, srv *fakeslack.Server, id, name string) *slPerson {
	u := fakeslack.User{ID: id, Name: strings.ToLower(name), RealName: name, Locale: "en-US"}
	srv.AddUser(u)
	return &slPerson{t, srv, u}
}

// TestSlackEndToEnd takes one ticket through every state on Slack over
// Socket Mode, and edits then cancels a second, with the real program.
func TestSlackEndToEnd(t *testing.T) {
	t.Parallel() // each runs its own program, and mostly waits on it
	srv := newFakeSlack(t)
	root := slackPerson(t, srv, "U0ROOT", "Root")
	alice := slackPerson(t, srv, "U0ALICE", "Alice")
	tom := slackPerson(t, srv, "U0TOM", "Tom")
	sue := slackPerson(t, srv, "U0SUE", "Sue")
	env := slackEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	withPlatformPacing(env) // as in use: this one ticket's life keeps to the limits
	startDesk(t, env)

	for i, p := range []*slPerson{root, alice, tom, sue} {
		register(p, fmt.Sprintf("1390000%04d", i), "Campus")
	}
	grant(root, tom.account(), "+ Technician")
	grant(root, sue.account(), "+ Supervisor")
	gs := slGroups{srv}
	everyState(t, gs, alice, tom, sue, "13900000001")
	editThenCancel(t, gs, alice, "13900000001", 1002)
}

// TestReportOnTelegramClaimOnSlack: one desk on both platforms. A ticket
// reported on Telegram is posted to both dispatch chats; claimed on Slack,
// both posts change to "claimed by …"; the requester hears of it on
// Telegram.
func TestReportOnTelegramClaimOnSlack(t *testing.T) {
	t.Parallel() // each runs its own program, and mostly waits on it
	tgSrv := telegramtestServer(t)
	slSrv := newFakeSlack(t)
	alice := &tgPerson{t, tgSrv, tgUser(101, "Alice")}
	tom := slackPerson(t, slSrv, "U0TOM", "Tom")
	env := bothEnv(tgSrv, slSrv)
	env["WEB_CHAT"], env["ADMINS"] = "false", "slack:"+slSrv.Team+"/U0TOM"
	startDesk(t, env)

	register(alice, alice.phone(), "Library")
	register(tom, "13900000002", "Maintenance")
	grant(tom, tom.account(), "+ Technician")
	reportLockWithPhoto(alice, alice.phone(), 1001)
	tg, sl := tgGroups{tgSrv}, slGroups{slSrv}
	for _, gs := range []groups{tg, sl} {
		waitForPost(t, gs, dispatch, "the ticket in each dispatch chat", func(p post) bool {
			return hasButton(p, "🙋 接单 Claim") && strings.Contains(p.body, "#1001")
		})
	}
	tom.pressIn(dispatch, "🙋 接单 Claim", "You claimed #1001")
	for _, gs := range []groups{tg, sl} {
		waitForPost(t, gs, dispatch, "every copy of the post to say who claimed it", func(p post) bool {
			return strings.Contains(p.body, "#1001") && strings.Contains(p.body, "Claimed by Tom") && len(p.buttons) == 0
		})
	}
	alice.expect(0, "Your ticket #1001 was claimed by Tom")
}
