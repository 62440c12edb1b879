package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
)

// Urgent tickets on every platform, with the real program and a clock
// the test moves: a report marked urgent is tagged 🚨, first in the pool,
// overdue after 30 minutes and escalated after an hour while a normal
// ticket is not; 🚨 on a dispatch post asks the supervisors, and only a
// supervisor's Confirm raises the priority, once; a supervisor lowers a
// ticket's priority from its details, and declines a request.

// urgentStart is a Monday morning, in working time.
var urgentStart = time.Date(2026, 3, 2, 10, 0, 0, 0, shanghai)

// askUrgent is 🚨 on ref's dispatch post, by p: a button, or on Slack a
// reaction too.
type askUrgent func(p person, ref string)

// pressThenAnswer presses label, which asks for a text, and answers it:
// in the chat, or on Slack in the modal the press opens.
type pressThenAnswer func(p person, label, question, formTitle, text string, want ...string)

func inChat(p person, label, question, _, text string, want ...string) {
	p.press(label, question)
	p.say(text, want...)
}

func pressUrgent(gs groups) askUrgent {
	return func(p person, ref string) {
		p.pressIn(dispatch, "🚨 加急 Urgent", "Asked a supervisor to make "+ref+" urgent.")
	}
}

// urgentReportSteps report a fault marked urgent for reason: marked,
// unmarked, marked again, then sent; it is #number.
func urgentReportSteps(p person, phone, title, reason string, number int) []func() {
	steps := reportSteps(p, phone, title, number)
	submit := steps[len(steps)-1]
	return append(steps[:len(steps)-1],
		func() { p.press("🚨 Mark urgent", "Why is it urgent?") },
		func() { p.say(reason, "Please check your report", "🚨 Urgent: "+reason) },
		func() { p.press("Not urgent", "Please check your report") },
		func() { p.press("🚨 Mark urgent", "Why is it urgent?") },
		func() { p.say(reason, "🚨 Urgent: "+reason) },
		submit)
}

// urgentScenario is what every platform shows of urgent tickets. req
// reports, tech asks with 🚨 (ask), boss answers and changes priorities.
func urgentScenario(t *testing.T, gs groups, clock *testClock, ask askUrgent, answer pressThenAnswer, req, tech, boss person, reqPhone string) {
	t.Helper()
	for _, s := range reportSteps(req, reqPhone, "Door lock broken", 1001) {
		s()
	}
	for _, s := range urgentReportSteps(req, reqPhone, "Broken window glass", "Glass shards by the entrance", 1002) {
		s()
	}
	waitForPost(t, gs, dispatch, "#1002 tagged 🚨 with its reason", func(p post) bool {
		return contains(p.body, "🚨 #1002", "🚨 Glass shards by the entrance") && hasButton(p, "🙋 接单 Claim") &&
			!hasButton(p, "🚨 加急 Urgent")
	})
	waitForPost(t, gs, dispatch, "#1001 with its 🚨 button", func(p post) bool {
		return contains(p.body, "#1001") && !contains(p.body, "🚨 #1001") && hasButton(p, "🚨 加急 Urgent")
	})
	n := told(tech)
	tech.command("pool", "Waiting for a technician")
	pool := told(tech)[len(n):]
	if i, j := strings.Index(pool, "#1002 【🚨】[Pending]"), strings.Index(pool, "#1001 [Pending]"); i < 0 || j < 0 || i > j {
		t.Errorf("the pool does not list the urgent #1002 first:\n%s", pool)
	}

	// 30 minutes on, the urgent ticket is overdue; the other is not.
	clock.set(urgentStart.Add(31 * time.Minute))
	waitForPost(t, gs, dispatch, "#1002 overdue after 30 minutes", postWith("[Overdue] #1002"))
	req.command("mine", "#1002 【🚨超】[Pending] Broken window glass", "#1001 [Pending] Door lock broken")
	// An hour on, it is escalated to the supervisors; the other is not.
	clock.set(urgentStart.Add(61 * time.Minute))
	waitForPost(t, gs, supervisors, "#1002 escalated after an hour", postWith("Escalation: #1002"))
	if n := countPosts(gs, dispatch, "[Overdue] #1001") + countPosts(gs, supervisors, "Escalation: #1001"); n != 0 {
		t.Errorf("the normal #1001 was chased as urgent:\n%s", gs.transcript(dispatch))
	}

	// 🚨 on #1001: a request in the supervisors' chat, which only a
	// supervisor's press answers.
	ask(tech, "#1001")
	waitForPost(t, gs, supervisors, "the request to make #1001 urgent", func(p post) bool {
		return contains(p.body, tech.name()+" asks to make #1001 urgent") && hasButton(p, "✅ 确认加急 Make urgent")
	})
	waitForPost(t, gs, dispatch, "the request in #1001's thread", postWith(tech.name()+" asked to make #1001 urgent"))
	confirm := boss.grab(supervisors, "✅ 确认加急 Make urgent")
	confirm(req, "You are not allowed to do that.")
	confirm(tech, "You are not allowed to do that.")
	req.command("mine", "#1001 [Pending] Door lock broken") // no 🚨
	seen := req.seen()
	confirm(boss, "#1001 is urgent now.")
	confirm(boss, "This request to make #1001 urgent has been answered already.")
	req.expect(seen, "#1001 was made urgent by "+boss.name()+" (asked by "+tech.name()+")")
	waitForPost(t, gs, dispatch, "#1001's post tagged 🚨, without its 🚨 button", func(p post) bool {
		return contains(p.body, "🚨 #1001") && hasButton(p, "🙋 接单 Claim") && !hasButton(p, "🚨 加急 Urgent")
	})
	waitForPost(t, gs, dispatch, "the change in #1001's thread", postWith("#1001 made urgent by "+boss.name()))
	waitForPost(t, gs, supervisors, "the request answered", postWith("Request to make #1001 urgent: confirmed ("+boss.name()+")"))
	if n := countPosts(gs, dispatch, "#1001 made urgent by"); n != 1 {
		t.Errorf("the change was told %d times in the thread, want once", n)
	}

	// A supervisor lowers #1002 from its details, with a reason.
	boss.command("ticket 1002", "#1002 Broken window glass", "Tags: 🚨")
	answer(boss, "🚨 Priority", "Why make #1002 normal priority again?", "Priority of #1002",
		"The glass was taped over; it can wait.", "#1002 is normal priority again.")
	waitForPost(t, gs, dispatch, "#1002's post without its tag, with 🚨 again", func(p post) bool {
		return contains(p.body, "#1002") && !contains(p.body, "🚨 #1002") && hasButton(p, "🚨 加急 Urgent")
	})
	waitForPost(t, gs, dispatch, "the change in #1002's thread", postWith("#1002 back to normal priority ("+boss.name()+")"))

	// Asked again, declined: the one who asked is told.
	ask(tech, "#1002")
	waitForPost(t, gs, supervisors, "the request to make #1002 urgent", func(p post) bool {
		return contains(p.body, "asks to make #1002 urgent") && hasButton(p, "❌ 不加急 Decline")
	})
	seen = tech.seen()
	boss.grab(supervisors, "❌ 不加急 Decline")(boss, "Declined to make #1002 urgent.")
	tech.expect(seen, "Your request to make #1002 urgent was declined by "+boss.name())
	req.command("mine", "#1002 [Pending] Broken window glass")
}

// told is all a person was told so far, on any platform, one message a
// line (a message's own lines joined).
func told(p person) string {
	var b strings.Builder
	for _, m := range bodies(p) {
		b.WriteString(strings.ReplaceAll(m, "\n", " ") + "\n")
	}
	return b.String()
}

// bodies are the messages a person was told so far, on any platform.
func bodies(p person) []string {
	var msgs []string
	switch p := p.(type) {
	case *slPerson:
		for _, m := range p.srv.BotMessagesTo(p.user.ID) {
			msgs = append(msgs, m.Body())
		}
	case *tgPerson:
		for _, m := range p.srv.MessagesTo(p.user.ID) {
			msgs = append(msgs, m.Body())
		}
	case *webPerson:
		for _, e := range p.chat("") {
			msgs = append(msgs, e.Text)
		}
	}
	return msgs
}

// TestTelegramUrgentEndToEnd: urgent tickets on Telegram, 🚨 a button on
// the dispatch post.
func TestTelegramUrgentEndToEnd(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	tg := tgPeople(t, srv)
	root, alice, tom, sue := tg(900, "Root"), tg(101, "Alice"), tg(201, "Tom"), tg(301, "Sue")
	env := telegramEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	clock := newTestClock(t, env, urgentStart)
	startDesk(t, env)
	var people []registration
	for _, p := range []*tgPerson{root, alice, tom, sue} {
		people = append(people, registration{p, p.phone()})
	}
	registerAll(people...)
	interleave(grantSteps(root, [2]string{tom.account(), "+ Technician"}, [2]string{sue.account(), "+ Supervisor"}))
	gs := tgGroups{srv}
	urgentScenario(t, gs, clock, pressUrgent(gs), inChat, alice, tom, sue, alice.phone())
}

// TestWebChatUrgentEndToEnd: urgent tickets in the web chat, through its
// HTTP API: the demo requester and supervisor read English.
func TestWebChatUrgentEndToEnd(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	clock := newTestClock(t, env, urgentStart)
	d := startDesk(t, env)
	xiaoming := &webPerson{t, d, "xiaoming", "王小明"}
	sam := &webPerson{t, d, "sam", "Sam Lee"}
	chen := &webPerson{t, d, "chen", "陈主管"}
	for _, p := range []*webPerson{xiaoming, chen} {
		p.command("lang en", "Language set")
	}
	gs := webGroups{xiaoming}
	urgentScenario(t, gs, clock, pressUrgent(gs), inChat, xiaoming, sam, chen, "13800000001")
}

// TestSlackUrgentAndEmojiEndToEnd: urgent tickets on Slack, 🚨 as a
// reaction on the dispatch post and as its button; 👀 claims, ✅ opens
// the completion dialogue for the job's technician, and a reaction by
// someone without the role is answered in a message only they see and
// changes nothing.
func TestSlackUrgentAndEmojiEndToEnd(t *testing.T) {
	t.Parallel()
	srv := newFakeSlack(t)
	root := slackPerson(t, srv, "U0ROOT", "Root")
	alice := slackPerson(t, srv, "U0ALICE", "Alice")
	tom := slackPerson(t, srv, "U0TOM", "Tom")
	sue := slackPerson(t, srv, "U0SUE", "Sue")
	env := slackEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	clock := newTestClock(t, env, urgentStart)
	startDesk(t, env)
	var people []registration
	for i, p := range []*slPerson{root, alice, tom, sue} {
		people = append(people, registration{p, fmt.Sprintf("1390000%04d", i)})
	}
	registerAll(people...)
	interleave(grantSteps(root, [2]string{tom.account(), "+ Technician"}, [2]string{sue.account(), "+ Supervisor"}))
	gs, th := slGroups{srv}, slThreads{srv}
	react := func(p *slPerson, ref, emoji string) {
		t.Helper()
		head, ok := th.post(dispatch, ref)
		if !ok {
			t.Fatalf("no post of %s in the dispatch channel", ref)
		}
		srv.React(p.user.ID, head, emoji)
	}
	asks := 0
	ask := func(p person, ref string) {
		// The reaction first, the button the second time.
		if asks++; asks > 1 {
			pressUrgent(gs)(p, ref)
			return
		}
		n := p.seen()
		react(p.(*slPerson), ref, "rotating_light")
		p.expect(n, "Asked a supervisor to make "+ref+" urgent.")
	}
	inModal := func(p person, label, _, formTitle, text string, want ...string) {
		sp := p.(*slPerson)
		n := len(srv.Modals())
		m, b := sp.find(fakeslack.DMOf(sp.user.ID), label)
		srv.Press(sp.user.ID, m, b)
		sp.submit(sp.modal(n, formTitle), map[string]string{"answer": text}, want...)
	}
	urgentScenario(t, gs, clock, ask, inModal, alice, tom, sue, "13900000001")

	// 👀 by the requester: told so where they put it, nothing claimed.
	ephemerals := len(srv.Ephemerals(alice.user.ID))
	react(alice, "#1001", "eyes")
	waitUntil(t, "the requester to be told, in the channel, that 👀 is not theirs", func() bool {
		es := srv.Ephemerals(alice.user.ID)
		return len(es) > ephemerals && es[len(es)-1].Channel == slackDispatch &&
			strings.Contains(es[len(es)-1].Body(), "You are not allowed to do that.")
	}, alice.transcript)
	// ✅ before anyone holds the job: refused the same way.
	tomEphemerals := len(srv.Ephemerals(tom.user.ID))
	react(tom, "#1001", "white_check_mark")
	waitUntil(t, "✅ on an unclaimed job refused", func() bool { return len(srv.Ephemerals(tom.user.ID)) > tomEphemerals }, tom.transcript)
	head, _ := th.post(dispatch, "#1001")
	if strings.Contains(head.Body(), "Claimed by") {
		t.Fatalf("a refused reaction claimed #1001: %s", head.Body())
	}

	// 👀 by the technician claims it, as the button does.
	n := tom.seen()
	react(tom, "#1001", "eyes")
	tom.expect(n, "You claimed #1001.")
	waitForPost(t, gs, dispatch, "#1001 claimed by Tom", postWith("🚨 #1001", "Claimed by Tom"))
	alice.expect(0, "Your ticket #1001 was claimed by Tom")
	// ✅ by the technician holding it: the completion dialogue, in his DM.
	n = tom.seen()
	react(tom, "#1001", "white_check_mark")
	tom.expect(n, "Repair type for #1001?")
	tom.press("维修 Repair", "What was done (result)?")
	tom.say("Replaced the lock cylinder.", "photos")
	tom.press("Skip", "#1001 is completed. Thank you!")
	waitForPost(t, gs, dispatch, "#1001 completed", postWith("#1001", "Completed by Tom"))
}

// webGroups are the web chat's group panes as a person sees them.
type webGroups struct{ p *webPerson }

func (g webGroups) posts(gr group) []post {
	var out []post
	for _, e := range g.p.chat(webGroup(gr)) {
		p := post{body: e.Text}
		for _, r := range e.Rows {
			for _, b := range r.Buttons {
				p.buttons = append(p.buttons, b.Label)
			}
		}
		out = append(out, p)
	}
	return out
}

func (g webGroups) transcript(gr group) string {
	var b strings.Builder
	for _, e := range g.p.chat(webGroup(gr)) {
		b.WriteString(e.Text + "\n")
	}
	return b.String()
}
