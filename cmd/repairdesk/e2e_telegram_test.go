package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

const (
	dispatchGroup   = -1001000000001
	supervisorGroup = -1001000000002
)

// tgPerson is somebody using the desk on the fake Telegram.
type tgPerson struct {
	t    *testing.T
	srv  *telegramtest.Server
	user telegramtest.User
}

func (p *tgPerson) chat() telegramtest.Chat { return telegramtest.Private(p.user) }

func (p *tgPerson) transcript() string { return p.srv.Transcript(p.user.ID) }

// seen is how many messages the bot has sent this person so far.
func (p *tgPerson) seen() int { return len(p.srv.MessagesTo(p.user.ID)) }

// expect waits until a message after the first `after` contains every
// one of want, and returns it.
func (p *tgPerson) expect(after int, want ...string) telegramtest.Message {
	p.t.Helper()
	var found telegramtest.Message
	waitUntil(p.t, fmt.Sprintf("%s to be told %q", p.user.FirstName, want), func() bool {
		ms := p.srv.MessagesTo(p.user.ID)
		for i := len(ms) - 1; i >= after && i >= 0; i-- {
			if contains(ms[i].Body(), want...) {
				found = ms[i]
				return true
			}
		}
		return false
	}, p.transcript)
	return found
}

// do sends something and waits for the answer containing want.
func (p *tgPerson) do(send func(), want ...string) telegramtest.Message {
	p.t.Helper()
	n := p.seen()
	send()
	return p.expect(n, want...)
}

func (p *tgPerson) say(text string, want ...string) telegramtest.Message {
	p.t.Helper()
	return p.do(func() { p.srv.SendText(p.user, p.chat(), text) }, want...)
}

func (p *tgPerson) command(cmd string, want ...string) telegramtest.Message {
	p.t.Helper()
	name, args, _ := strings.Cut(cmd, " ")
	return p.do(func() { p.srv.SendCommand(p.user, p.chat(), name, args) }, want...)
}

// press presses the newest button with a label in the person's chat.
func (p *tgPerson) press(label string, want ...string) telegramtest.Message {
	p.t.Helper()
	return p.pressIn(p.user.ID, label, want...)
}

// pressIn presses the newest button with a label in a chat (a group, or
// the person's own) and waits for the answer in the person's chat.
func (p *tgPerson) pressIn(chatID int64, label string, want ...string) telegramtest.Message {
	p.t.Helper()
	ms := p.srv.MessagesTo(chatID)
	for i := len(ms) - 1; i >= 0; i-- {
		if b, ok := ms[i].Button(label); ok {
			return p.do(func() { p.srv.Press(p.user, ms[i], b.Data) }, want...)
		}
	}
	p.t.Fatalf("%s: no button %q in chat %d:\n%s", p.user.FirstName, label, chatID, p.srv.Transcript(chatID))
	return telegramtest.Message{}
}

func (p *tgPerson) register(phone, department string) {
	p.t.Helper()
	p.command("start", "Your name?")
	p.press(p.user.FirstName, "phone")
	p.do(func() { p.srv.SendContact(p.user, p.chat(), phone, p.user.ID) }, "department")
	p.say(department, "registered")
}

// TestTelegramEndToEnd takes one ticket through every state on Telegram,
// and edits then cancels a second, with the real program.
func TestTelegramEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer("123456:e2e")
	t.Cleanup(srv.Close) // after the desk has stopped
	root := &tgPerson{t, srv, telegramtest.User{ID: 900, FirstName: "Root", LanguageCode: "en"}}
	alice := &tgPerson{t, srv, telegramtest.User{ID: 101, FirstName: "Alice", LanguageCode: "en"}}
	tom := &tgPerson{t, srv, telegramtest.User{ID: 201, FirstName: "Tom", LanguageCode: "en"}}
	sue := &tgPerson{t, srv, telegramtest.User{ID: 301, FirstName: "Sue", LanguageCode: "en"}}
	startDesk(t, map[string]string{
		"TELEGRAM_TOKEN": srv.Token, "TELEGRAM_API_URL": srv.URL, "WEB_CHAT": "false",
		"TELEGRAM_DISPATCH_CHAT": fmt.Sprint(dispatchGroup), "TELEGRAM_SUPERVISOR_CHAT": fmt.Sprint(supervisorGroup),
		"ADMINS": "telegram:900",
	})
	dispatch := func() string { return srv.Transcript(dispatchGroup) }
	supervisors := func() string { return srv.Transcript(supervisorGroup) }

	// Everyone registers; the admin makes Tom a technician and Sue a
	// supervisor, as a campus would.
	for _, p := range []*tgPerson{root, alice, tom, sue} {
		p.register(fmt.Sprintf("1380000%04d", p.user.ID), "Campus")
	}
	for _, g := range []struct {
		who  *tgPerson
		role string
	}{{tom, "+ Technician"}, {sue, "+ Supervisor"}} {
		root.command("admin", "Administration")
		root.press("Roles", "Send the user's ID")
		root.say(fmt.Sprintf("telegram:%d", g.who.user.ID), "grant (+) or revoke")
		root.press(g.role, "now has roles")
	}

	// Alice reports a broken lock with a photo.
	alice.command("report", "Which zone?")
	alice.press("A区 North", "which building?")
	alice.press("A1 教学楼 Teaching", "Which room?")
	alice.say("101", "Detailed address?")
	alice.press("Skip", "What kind of problem?")
	alice.press("门窗 Doors & windows", "title")
	alice.say("Door lock broken", "Describe the fault")
	alice.say("The lock of room 101 does not close.", "photos")
	alice.do(func() { srv.SendPhoto(alice.user, alice.chat(), []byte("\xff\xd8\xff\xe0 lock photo"), "") }, "Got 1 photo")
	alice.press("Done", "When would you like the repair?")
	alice.press("Any time", "Contact phone?")
	alice.press("Use 13800000101", "Please check your report")
	alice.press("✅ Submit", "Submitted, waiting for a technician", "#1001")

	// The dispatch group gets the ticket with its photo and a Claim button.
	waitUntil(t, "the ticket in the dispatch group, with its photo", func() bool {
		photo := false
		for _, m := range srv.MessagesTo(dispatchGroup) {
			photo = photo || string(m.Photo) == "\xff\xd8\xff\xe0 lock photo"
		}
		m := srv.Last(dispatchGroup)
		_, ok := m.Button("🙋 接单 Claim")
		return ok && photo && contains(m.Body(), "#1001", "Door lock broken")
	}, dispatch)

	// Alice is no technician: her press is refused. Tom's wins; the post
	// changes to "claimed by Tom" and loses its button.
	post := srv.Last(dispatchGroup)
	claim, _ := post.Button("🙋 接单 Claim")
	alice.pressIn(dispatchGroup, "🙋 接单 Claim", "not allowed")
	tom.pressIn(dispatchGroup, "🙋 接单 Claim", "You claimed #1001")
	claimed := func(want string) func() bool {
		return func() bool {
			m := srv.Last(dispatchGroup)
			return contains(m.Body(), "#1001", want) && len(m.Buttons) == 0
		}
	}
	waitUntil(t, "the dispatch post to say who claimed it", claimed("Claimed by Tom"), dispatch)
	alice.expect(0, "Your ticket #1001 was claimed by Tom")
	// Sue pressed the same button a moment later, before it went away.
	sue.do(func() { srv.Press(sue.user, post, claim.Data) }, "already claimed by Tom")

	// Replies both ways.
	alice.press("Details", "#1001 Door lock broken", "Claimed by: Tom")
	alice.press("💬 Reply", "Your message about #1001")
	alice.say("When will you come?", "Message sent")
	tom.expect(0, "Alice about #1001: When will you come?")
	tom.press("💬 Reply", "Your message about #1001")
	tom.say("Around 3 pm.", "Message sent")
	alice.expect(0, "Tom about #1001: Around 3 pm.")

	// Tom asks to suspend; Sue approves in the supervisors' group.
	tom.command("jobs", "My jobs", "#1001")
	tom.press("#1001", "State: Accepted")
	tom.press("⏸ Suspend", "Why must the job wait")
	tom.say("Need a new lock cylinder.", "Send photos")
	tom.press("Skip", "Send the suspension request")
	tom.press("✅ Submit", "Suspension request for #1001 sent")
	waitUntil(t, "the request in the supervisors' group", func() bool {
		_, ok := srv.Last(supervisorGroup).Button("✅ 同意挂起 Approve")
		return ok && contains(srv.Last(supervisorGroup).Body(), "#1001", "Need a new lock cylinder.")
	}, supervisors)
	alice.pressIn(supervisorGroup, "✅ 同意挂起 Approve", "not allowed")
	sue.pressIn(supervisorGroup, "✅ 同意挂起 Approve", "Suspension of #1001 approved")
	alice.expect(0, "Your ticket #1001 is suspended", "approved by Sue")
	waitUntil(t, "the request to show the review", func() bool {
		for _, m := range srv.MessagesTo(supervisorGroup) {
			if contains(m.Body(), "#1001", "Approved by Sue") && len(m.Buttons) == 0 {
				return true
			}
		}
		return false
	}, supervisors)

	// Tom resumes and completes.
	tom.expect(0, "approved by Sue")
	tom.press("▶ Resume", "#1001 is back under repair")
	alice.expect(0, "Your ticket #1001 is under repair again")
	tom.command("jobs", "#1001")
	tom.press("#1001", "State: Accepted")
	tom.press("✔ Complete", "Repair type for #1001?")
	tom.press("更换 Replace", "What was done")
	tom.say("Replaced the lock cylinder.", "Send photos of the result")
	tom.press("Skip", "#1001 is completed")

	// Alice rates it, once.
	alice.expect(0, "Your ticket #1001 was completed by Tom", "Please rate")
	alice.press("★★★★★", "Anything to add?")
	alice.say("Quick and tidy.", "Thank you for rating #1001")
	tom.expect(0, "#1001 was rated 5 stars: Quick and tidy.")
	alice.press("★★★", "already been rated")
	waitUntil(t, "the dispatch post to say it is done", claimed("Completed by Tom"), dispatch)

	// A second ticket: edited, then cancelled before anyone claims it.
	alice.command("report", "Which zone?")
	alice.press("B区 South", "which building?")
	alice.press("B1 宿舍 Dorm 1", "Which room?")
	alice.press("Skip", "Detailed address?")
	alice.press("Skip", "What kind of problem?")
	alice.press("电气 Electrical", "title")
	alice.say("Lamp flickers", "Describe the fault")
	alice.say("The corridor lamp flickers.", "photos")
	alice.press("Skip", "When would you like the repair?")
	alice.press("Any time", "Contact phone?")
	alice.press("Use 13800000101", "Please check your report")
	alice.press("✅ Submit", "#1002")
	alice.command("mine pending", "#1002")
	alice.press("#1002", "Lamp flickers")
	alice.press("✎ Edit", "Please check your report")
	alice.press("✎ Title", "title")
	alice.say("Corridor lamp flickers", "Please check your report", "Corridor lamp flickers")
	alice.press("✅ Save changes", "#1002 was changed")
	waitUntil(t, "the dispatch post to show the change", func() bool {
		return strings.Contains(dispatch(), "Corridor lamp flickers")
	}, dispatch)
	alice.press("✖ Cancel", "Why do you want to cancel it?")
	alice.say("It stopped by itself.", "Cancel #1002?")
	alice.press("Yes, cancel it", "#1002 was cancelled")
	waitUntil(t, "the dispatch post to say it was cancelled", func() bool {
		for _, m := range srv.MessagesTo(dispatchGroup) {
			if contains(m.Body(), "#1002", "Cancelled by Alice") && len(m.Buttons) == 0 {
				return true
			}
		}
		return false
	}, dispatch)
	alice.command("mine cancelled", "#1002")
}
