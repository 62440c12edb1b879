package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

// Two queues, set up by the admin in the chat: electrical faults go to
// the electricians' chat (Tom, supervised by Sue), plumbing to the
// plumbers' chat (Ann, supervised by Sid). Each ticket's post reaches its
// queue's chat only; a forged Claim from the other queue's technician is
// refused and changes nothing; /pool shows each technician their queue;
// an unclaimed ticket is escalated to its queue's supervisor first, and
// to the supervisors' channel once the threshold has passed again.

// queueChats is what the scenario needs of a platform: the posts of a
// chat ("A" and "B" the queues', or the default dispatch and the
// supervisors'), a press in one of them, and what a person was last told.
type queueChats interface {
	posts(chat string) []post
	transcript(chat string) string
	press(p person, chat, label string, want ...string)
	last(p person, containing string) string
}

// queuePlatform is how an admin names a queue's chat on a platform.
type queuePlatform struct {
	chatButton, otherButton string // the platform's and the other platform's chat buttons
	idA, idB                string // the queues' chat ids as the admin types them
}

const (
	chatA, chatB = "A", "B"
	chatDispatch = "dispatch"
	chatSups     = "supervisors"
)

// queueReportSteps are the steps of reporting a fault of a problem type
// in zone A, to be repaired at any time; it is #number.
func queueReportSteps(p person, phone, problem, title string, number int) []func() {
	return faultSteps(p, phone, problem, "Any time", title, number)
}

// setUpQueue makes a queue through /admin: its name, one problem type,
// its chat on the platform, a technician and a supervisor.
func setUpQueue(admin person, pl queuePlatform, name, problem, chatID, tech, sup string, label labelFunc) {
	admin.command("admin", "Administration:")
	admin.press("👥 Queues", "Dispatch queues")
	admin.press("➕ Add queue", "Name of the new queue")
	admin.say(name, "👥 "+name, "Change what?")
	admin.press("Problem types", "Which problem types does "+name+" take?")
	admin.press(problem, "Which problem types does "+name+" take?") // again, the type ticked
	admin.press("Done", "Problem types: "+problem)
	admin.press(pl.chatButton, "id of "+name)
	admin.say(chatID, pl.chatButton+": "+chatID)
	admin.press("Technicians", "Technicians of "+name)
	admin.press("+ Add", "Whom?")
	admin.say(tech, "People matching")
	admin.press(label(tech, "Technician"), "Technicians of "+name+": "+tech)
	admin.press("Done", "Technicians: "+tech)
	admin.press("Supervisors", "Supervisors of "+name)
	admin.press("+ Add", "Whom?")
	admin.say(sup, "People matching")
	admin.press(label(sup, "Supervisor"), "Supervisors of "+name+": "+sup)
	admin.press("Done", "Supervisors: "+sup)
	admin.press("Done", "The queue "+name+" is saved.")
}

// labelFunc is how the people search labels a person of a role.
type labelFunc func(name, role string) string

// campus labels the people the tests register, all of the Campus.
func campus(name, role string) string { return name + " · Campus · " + role }

// everyQueueButton presses the admin's queue buttons the setting up does
// not: zones on and off, the other platform's chat, a bad chat id, taking
// a person off, renaming, and removing a queue (kept once, then gone).
func everyQueueButton(admin person, pl queuePlatform, tech string, label labelFunc) {
	admin.command("admin", "Administration:")
	admin.press("👥 Queues", "Dispatch queues")
	admin.press("➕ Add queue", "Name of the new queue")
	admin.say("Spare", "👥 Spare")
	admin.press("Zones", "Which zones does Spare take?")
	admin.press("B区 South", "Which zones does Spare take?")
	admin.press("✓ B区 South", "Which zones does Spare take?") // ticked, and off again
	admin.press("Done", "Zones: —")
	admin.press(pl.chatButton, "id of Spare")
	admin.say("#general", "id", "Spare") // refused, asked again
	admin.say("-", "👥 Spare")
	admin.press(pl.otherButton, "id of Spare")
	admin.say("-", "👥 Spare")
	admin.press("Technicians", "Technicians of Spare")
	admin.press("+ Add", "Whom?")
	admin.say(tech, "People matching")
	admin.press(label(tech, "Technician"), "Technicians of Spare: "+tech)
	admin.press("− "+tech, "Technicians of Spare: —")
	admin.press("Done", "Technicians: —")
	admin.press("Rename", "New name for Spare")
	admin.say("Spare team", "👥 Spare team")
	admin.press("Remove queue", "Remove the queue Spare team?")
	admin.press("Keep it", "👥 Spare team")
	admin.press("Remove queue", "Remove the queue Spare team?")
	admin.press("Yes, remove it", "Removed the queue Spare team.")
	admin.command("admin", "Administration:")
	admin.press("👥 Queues", "· Electricians —")
	admin.press("👥 Electricians", "Technicians: ")
	admin.press("Done", "The queue Electricians is saved.")
}

func countIn(cs queueChats, chat string, want ...string) int {
	n := 0
	for _, p := range cs.posts(chat) {
		if contains(p.body, want...) {
			n++
		}
	}
	return n
}

func waitInChat(t *testing.T, cs queueChats, chat, what string, ok func(post) bool) {
	t.Helper()
	waitUntil(t, what, func() bool {
		for _, p := range cs.posts(chat) {
			if ok(p) {
				return true
			}
		}
		return false
	}, func() string { return cs.transcript(chat) })
}

// queuesScenario runs the whole story on one platform. The desk's clock
// starts on a Monday at 07:00.
func queuesScenario(t *testing.T, cs queueChats, pl queuePlatform, clock *testClock, root, amy, tom, ann, sue, sid person, amyPhone string) {
	setUpQueue(root, pl, "Electricians", "电气 Electrical", pl.idA, tom.name(), sue.name(), campus)
	setUpQueue(root, pl, "Plumbers", "给排水 Plumbing", pl.idB, ann.name(), sid.name(), campus)
	everyQueueButton(root, pl, ann.name(), campus)

	for _, step := range append(queueReportSteps(amy, amyPhone, "电气 Electrical", "Lights out", 1001),
		queueReportSteps(amy, amyPhone, "给排水 Plumbing", "Pipe knocks", 1002)...) {
		step()
	}
	waitInChat(t, cs, chatA, "#1001 in the electricians' chat", func(p post) bool {
		return contains(p.body, "#1001", "Lights out", "👥 Electricians") && hasButton(p, "🙋 接单 Claim")
	})
	waitInChat(t, cs, chatB, "#1002 in the plumbers' chat", func(p post) bool {
		return contains(p.body, "#1002", "Pipe knocks", "👥 Plumbers") && hasButton(p, "🙋 接单 Claim")
	})

	// Ann, a plumber, forges a press of Claim on the electricians' post:
	// refused, and nothing changes.
	cs.press(ann, chatA, "🙋 接单 Claim", "#1001 belongs to the Electricians queue")
	tom.command("pool", "Waiting for a technician", "#1001")
	if got := cs.last(tom, "Waiting for a technician"); strings.Contains(got, "#1002") {
		t.Errorf("Tom's pool shows the plumbers' ticket:\n%s", got)
	}
	ann.command("pool", "Waiting for a technician", "#1002")
	if got := cs.last(ann, "Waiting for a technician"); strings.Contains(got, "#1001") {
		t.Errorf("Ann's pool shows the electricians' ticket after her forged claim:\n%s", got)
	}

	// 11:01: four hours unclaimed. Each queue's supervisor is told in
	// private, with Assign; the supervisors' channel not yet.
	sueSaw, sidSaw := sue.seen(), sid.seen()
	clock.set(time.Date(2026, 3, 2, 11, 1, 0, 0, shanghai))
	sue.expect(sueSaw, "Escalation: #1001 has waited 4h", "👥 Electricians")
	sid.expect(sidSaw, "Escalation: #1002 has waited 4h", "👥 Plumbers")
	if strings.Contains(cs.last(sue, "Escalation:"), "#1002") || strings.Contains(cs.last(sid, "Escalation:"), "#1001") {
		t.Error("a supervisor was told of the other queue's ticket")
	}
	if n := countIn(cs, chatSups, "Escalation:"); n != 0 {
		t.Errorf("the supervisors' channel heard %d escalations at the first tier:\n%s", n, cs.transcript(chatSups))
	}
	// The overdue reminders (at two hours) went to each queue's chat.
	waitInChat(t, cs, chatA, "the overdue reminder of #1001", postWith("[Overdue] #1001"))
	waitInChat(t, cs, chatB, "the overdue reminder of #1002", postWith("[Overdue] #1002"))

	// 15:01: eight hours: everyone.
	clock.set(time.Date(2026, 3, 2, 15, 1, 0, 0, shanghai))
	waitInChat(t, cs, chatSups, "the second tier of #1001", postWith("Escalation: #1001 has waited 8h"))
	waitInChat(t, cs, chatSups, "the second tier of #1002", postWith("Escalation: #1002 has waited 8h"))

	// Tom claims his: the post in his chat says so.
	cs.press(tom, chatA, "🙋 接单 Claim", "You claimed #1001")
	waitInChat(t, cs, chatA, "the claimed post", postWith("#1001", "Claimed by Tom"))

	// Nothing of either ticket in the other queue's chat or the default
	// dispatch chat.
	for _, c := range []struct{ chat, ref string }{{chatB, "#1001"}, {chatA, "#1002"}, {chatDispatch, "#1001"}, {chatDispatch, "#1002"}} {
		if n := countIn(cs, c.chat, c.ref); n != 0 {
			t.Errorf("%s reached the %s chat %d times:\n%s", c.ref, c.chat, n, cs.transcript(c.chat))
		}
	}
}

// tgQueueChats are the fake Telegram's groups.
type tgQueueChats struct {
	srv   *telegramtest.Server
	chats map[string]int64
}

func (c tgQueueChats) posts(chat string) []post {
	var out []post
	for _, m := range c.srv.MessagesTo(c.chats[chat]) {
		out = append(out, post{body: m.Body(), buttons: m.Labels()})
	}
	return out
}

func (c tgQueueChats) transcript(chat string) string { return c.srv.Transcript(c.chats[chat]) }

func (c tgQueueChats) press(p person, chat, label string, want ...string) {
	p.(*tgPerson).pressChat(c.chats[chat], label, want...)
}

func (c tgQueueChats) last(p person, containing string) string {
	ms := c.srv.MessagesTo(p.(*tgPerson).user.ID)
	for i := len(ms) - 1; i >= 0; i-- {
		if strings.Contains(ms[i].Body(), containing) {
			return ms[i].Body()
		}
	}
	return ""
}

func TestTelegramQueuesEndToEnd(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	tg := tgPeople(t, srv)
	root, amy, tom, ann, sue, sid := tg(900, "Root"), tg(101, "Amy"), tg(201, "Tom"), tg(202, "Ann"), tg(301, "Sue"), tg(302, "Sid")
	env := telegramEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	clock := newTestClock(t, env, time.Date(2026, 3, 2, 7, 0, 0, 0, shanghai))
	startDesk(t, env)

	var people []registration
	for _, p := range []*tgPerson{root, amy, tom, ann, sue, sid} {
		people = append(people, registration{p, p.phone()})
	}
	registerAll(people...)
	interleave(grantSteps(root, [2]string{tom.account(), "+ Technician"}, [2]string{ann.account(), "+ Technician"},
		[2]string{sue.account(), "+ Supervisor"}, [2]string{sid.account(), "+ Supervisor"}))

	const groupA, groupB = -1001000000003, -1001000000004
	cs := tgQueueChats{srv: srv, chats: map[string]int64{chatA: groupA, chatB: groupB,
		chatDispatch: telegramDispatch, chatSups: telegramSupervisors}}
	pl := queuePlatform{chatButton: "Telegram group", otherButton: "Slack channel",
		idA: fmt.Sprint(groupA), idB: fmt.Sprint(groupB)}
	queuesScenario(t, cs, pl, clock, root, amy, tom, ann, sue, sid, amy.phone())
}

// slQueueChats are the fake Slack's channels.
type slQueueChats struct {
	srv   *fakeslack.Server
	chats map[string]string
}

func (c slQueueChats) posts(chat string) []post {
	var out []post
	for _, m := range c.srv.MessagesIn(c.chats[chat]) {
		p := post{body: m.Body()}
		for _, b := range m.Buttons() {
			p.buttons = append(p.buttons, b.Label)
		}
		out = append(out, p)
	}
	return out
}

func (c slQueueChats) transcript(chat string) string {
	var b strings.Builder
	for _, p := range c.posts(chat) {
		fmt.Fprintf(&b, "%s %v\n", p.body, p.buttons)
	}
	return b.String()
}

func (c slQueueChats) press(p person, chat, label string, want ...string) {
	p.(*slPerson).pressChannel(c.chats[chat], label, want...)
}

func (c slQueueChats) last(p person, containing string) string {
	ms := c.srv.BotMessagesTo(p.(*slPerson).user.ID)
	for i := len(ms) - 1; i >= 0; i-- {
		if strings.Contains(ms[i].Body(), containing) {
			return ms[i].Body()
		}
	}
	return ""
}

func TestSlackQueuesEndToEnd(t *testing.T) {
	t.Parallel()
	srv := newFakeSlack(t)
	const channelA, channelB = "C0ELECTRIC", "C0PLUMBING"
	srv.AddChannel(channelA, "electricians")
	srv.AddChannel(channelB, "plumbers")
	root := slackPerson(t, srv, "U0ROOT", "Root")
	amy, tom, ann := slackPerson(t, srv, "U0AMY", "Amy"), slackPerson(t, srv, "U0TOM", "Tom"), slackPerson(t, srv, "U0ANN", "Ann")
	sue, sid := slackPerson(t, srv, "U0SUE", "Sue"), slackPerson(t, srv, "U0SID", "Sid")
	env := slackEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	clock := newTestClock(t, env, time.Date(2026, 3, 2, 7, 0, 0, 0, shanghai))
	startDesk(t, env)

	phones := map[*slPerson]string{root: "13900000900", amy: "13900000101", tom: "13900000201", ann: "13900000202",
		sue: "13900000301", sid: "13900000302"}
	var people []registration
	for _, p := range []*slPerson{root, amy, tom, ann, sue, sid} {
		people = append(people, registration{p, phones[p]})
	}
	registerAll(people...)
	interleave(grantSteps(root, [2]string{tom.account(), "+ Technician"}, [2]string{ann.account(), "+ Technician"},
		[2]string{sue.account(), "+ Supervisor"}, [2]string{sid.account(), "+ Supervisor"}))

	cs := slQueueChats{srv: srv, chats: map[string]string{chatA: channelA, chatB: channelB,
		chatDispatch: slackDispatch, chatSups: slackSupervisors}}
	pl := queuePlatform{chatButton: "Slack channel", otherButton: "Telegram group", idA: channelA, idB: channelB}
	queuesScenario(t, cs, pl, clock, root, amy, tom, ann, sue, sid, phones[amy])

	// Tom answers the requester in the thread of the post in his queue's
	// channel, as in the dispatch channel.
	var head fakeslack.Message
	for _, m := range srv.TopLevel(channelA) {
		if m.User == srv.BotUser && strings.Contains(m.Body(), "#1001") {
			head = m
		}
	}
	if head.TS == "" {
		t.Fatalf("no post of #1001 in the electricians' channel:\n%s", cs.transcript(chatA))
	}
	amySaw := amy.seen()
	srv.ReplyIn(tom.user.ID, channelA, head.TS, "On my way with a ladder.")
	amy.expect(amySaw, "On my way with a ladder.")
}

// TestWebChatQueuesEndToEnd: in the web chat the admin presses every
// queue button too; the queue's ticket is posted in the dispatch pane
// with the queue named; the technician outside it is refused a forged
// Claim and does not see it in /pool; its technician does and claims it.
func TestWebChatQueuesEndToEnd(t *testing.T) {
	t.Parallel()
	d := startDesk(t, map[string]string{})
	sam := &webPerson{t, d, "sam", "Sam Lee"}
	li := &webPerson{t, d, "li", "李师傅"}
	alex := &webPerson{t, d, "alex", "Alex Admin"}
	demo := func(name, role string) string {
		dept := map[string]string{"Sam Lee": "Maintenance", "李师傅": "后勤维修中心", "陈主管": "后勤维修中心"}[name]
		return name + " · " + dept + " · " + role
	}
	pl := queuePlatform{chatButton: "Telegram group", otherButton: "Slack channel", idA: "-1001000000003"}
	setUpQueue(alex, pl, "Electricians", "电气 Electrical", pl.idA, "Sam Lee", "陈主管", demo)
	everyQueueButton(alex, pl, "李师傅", demo)

	for _, step := range queueReportSteps(sam, "13800000003", "电气 Electrical", "Fan hums", 1001) {
		step()
	}
	waitUntil(t, "the queue's post in the dispatch pane", func() bool {
		_, ok := sam.find("web:dispatch", 0, "#1001", "👥 Electricians")
		return ok
	}, sam.transcript)
	li.pressChat("web:dispatch", "🙋 接单 Claim", "#1001 属于「Electricians」队列")
	li.command("pool", "待接单工单")
	if e, _ := li.find("", 0, "待接单工单"); strings.Contains(e.Text, "#1001") {
		t.Errorf("李师傅's pool shows the Electricians' ticket:\n%s", e.Text)
	}
	sam.command("pool", "Waiting for a technician", "#1001")
	sam.pressChat("web:dispatch", "🙋 接单 Claim", "You claimed #1001")
}
