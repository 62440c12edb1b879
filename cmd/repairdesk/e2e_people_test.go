package main

import (
	"fmt"
	"strings"
	"testing"
)

// person is somebody using the desk on a chat platform, as the end-to-end
// tests drive them. Each method waits until the person has been told all
// of want (every string within one message), and fails the test if that
// does not come.
type person interface {
	name() string
	seen() int // messages the bot has sent them so far
	expect(after int, want ...string)
	say(text string, want ...string)
	command(cmd string, want ...string)
	press(label string, want ...string)
	// pressIn presses the newest button with a label in a group chat.
	pressIn(g group, label string, want ...string)
	// grab keeps a button of a group post, for someone to press later.
	grab(g group, label string) func(by person, want ...string)
	sendPhoto(data []byte, want ...string)
	sharePhone(phone string, want ...string)
}

// group is one of the desk's group chats.
type group int

const (
	dispatch group = iota
	supervisors
)

// post is a message of the bot's in a group, as it reads now.
type post struct {
	body    string
	buttons []string
	photo   bool
}

// groups shows what the bot posted in a platform's group chats.
type groups interface {
	posts(g group) []post
	transcript(g group) string
}

// waitForPost waits until a post in g satisfies ok.
func waitForPost(t *testing.T, gs groups, g group, what string, ok func(post) bool) {
	t.Helper()
	waitUntil(t, what, func() bool {
		for _, p := range gs.posts(g) {
			if ok(p) {
				return true
			}
		}
		return false
	}, func() string { return gs.transcript(g) })
}

func hasButton(p post, label string) bool {
	for _, b := range p.buttons {
		if b == label {
			return true
		}
	}
	return false
}

// register answers the registration questions.
func register(p person, phone, department string) {
	p.command("start", "name?")
	p.press(p.name(), "phone")
	p.sharePhone(phone, "department")
	p.say(department, "registered")
}

// grant makes someone a technician or supervisor through /admin.
func grant(admin person, account, role string) {
	admin.command("admin", "Administration:")
	admin.press("Roles", "Whom?")
	admin.say(account, "grant (+) or revoke")
	admin.press(role, "now has roles")
}

// reportLockWithPhoto reports a broken lock with a photo; it is #number.
func reportLockWithPhoto(p person, phone string, number int) {
	reportLockToSummary(p, phone)
	p.press("✅ Submit", "Submitted, waiting for a technician", fmt.Sprintf("#%d", number))
}

// reportLockToSummary fills in a report of a broken lock with a photo, up
// to the summary with its Submit button.
func reportLockToSummary(p person, phone string) {
	p.command("report", "Which zone?")
	p.press("A区 North", "which building?")
	p.press("A1 教学楼 Teaching", "Which room?")
	p.say("101", "Detailed address?")
	p.press("Skip", "What kind of problem?")
	p.press("门窗 Doors & windows", "title")
	p.say("Door lock broken", "Describe the fault")
	p.say("The lock of room 101 does not close.", "photos")
	p.sendPhoto([]byte("\xff\xd8\xff\xe0 lock photo"), "Got 1 photo")
	p.press("Done", "When would you like the repair?")
	p.press("Any time", "Contact phone?")
	p.press("Use "+phone, "Please check your report")
}

// everyState takes ticket #1001, reported with a photo by req, through
// every state: tech claims it in the dispatch group, they exchange
// replies, tech asks to suspend, boss approves in the supervisors' group,
// tech resumes and completes, req rates. It checks what each of them, and
// each group, is shown on the way.
func everyState(t *testing.T, gs groups, req, tech, boss person, reqPhone string) {
	reportLockWithPhoto(req, reqPhone, 1001)
	waitForPost(t, gs, dispatch, "the ticket in the dispatch group, with Claim", func(p post) bool {
		return hasButton(p, "🙋 接单 Claim") && strings.Contains(p.body, "#1001") && strings.Contains(p.body, "Door lock broken")
	})
	waitForPost(t, gs, dispatch, "the ticket's photo in the dispatch group", func(p post) bool { return p.photo })

	// The requester is no technician; the technician's press wins; a
	// supervisor pressing the same button a moment later is told who has it.
	late := req.grab(dispatch, "🙋 接单 Claim")
	req.pressIn(dispatch, "🙋 接单 Claim", "not allowed")
	tech.pressIn(dispatch, "🙋 接单 Claim", "You claimed #1001")
	waitForPost(t, gs, dispatch, "the dispatch post to say who claimed it", func(p post) bool {
		return strings.Contains(p.body, "Claimed by "+tech.name()) && len(p.buttons) == 0
	})
	req.expect(0, "Your ticket #1001 was claimed by "+tech.name())
	late(boss, "already claimed by "+tech.name())

	// Replies both ways.
	req.press("Details", "#1001 Door lock broken", "Claimed by: "+tech.name())
	req.press("💬 Reply", "Your message about #1001")
	req.say("When will you come?", "Message sent")
	tech.expect(0, req.name()+" about #1001: When will you come?")
	tech.press("💬 Reply", "Your message about #1001")
	tech.say("Around 3 pm.", "Message sent")
	req.expect(0, tech.name()+" about #1001: Around 3 pm.")

	// Suspension, approved in the supervisors' group.
	tech.command("jobs", "My jobs", "#1001")
	tech.press("#1001", "State: Accepted")
	tech.press("⏸ Suspend", "Why must the job wait")
	tech.say("Need a new lock cylinder.", "Send photos")
	tech.press("Skip", "Send the suspension request")
	tech.press("✅ Submit", "Suspension request for #1001 sent")
	waitForPost(t, gs, supervisors, "the request in the supervisors' group", func(p post) bool {
		return hasButton(p, "✅ 同意挂起 Approve") && strings.Contains(p.body, "Need a new lock cylinder.")
	})
	req.pressIn(supervisors, "✅ 同意挂起 Approve", "not allowed")
	boss.pressIn(supervisors, "✅ 同意挂起 Approve", "Suspension of #1001 approved")
	req.expect(0, "Your ticket #1001 is suspended", "approved by "+boss.name())
	waitForPost(t, gs, supervisors, "the request to show the review", func(p post) bool {
		return strings.Contains(p.body, "Approved by "+boss.name()) && len(p.buttons) == 0
	})

	// Resume and complete.
	tech.expect(0, "approved by "+boss.name())
	tech.press("▶ Resume", "#1001 is back under repair")
	req.expect(0, "Your ticket #1001 is under repair again")
	tech.command("jobs", "#1001")
	tech.press("#1001", "State: Accepted")
	tech.press("✔ Complete", "Repair type for #1001?")
	tech.press("更换 Replace", "What was done")
	tech.say("Replaced the lock cylinder.", "Send photos of the result")
	tech.press("Skip", "#1001 is completed")
	waitForPost(t, gs, dispatch, "the dispatch post to say it is done", func(p post) bool {
		return strings.Contains(p.body, "Completed by "+tech.name())
	})

	// The requester rates it, once.
	req.expect(0, "Your ticket #1001 was completed by "+tech.name(), "Please rate")
	req.press("★★★★★", "Anything to add?")
	req.say("Quick and tidy.", "Thank you for rating #1001")
	tech.expect(0, "#1001 was rated 5 stars: Quick and tidy.")
	req.press("★★★", "already been rated")
}

// editThenCancel reports #number, changes its title, then cancels it.
func editThenCancel(t *testing.T, gs groups, req person, phone string, number int) {
	ref := fmt.Sprintf("#%d", number)
	req.command("report", "Which zone?")
	req.press("B区 South", "which building?")
	req.press("B1 宿舍 Dorm 1", "Which room?")
	req.press("Skip", "Detailed address?")
	req.press("Skip", "What kind of problem?")
	req.press("电气 Electrical", "title")
	req.say("Lamp flickers", "Describe the fault")
	req.say("The corridor lamp flickers.", "photos")
	req.press("Skip", "When would you like the repair?")
	req.press("Any time", "Contact phone?")
	req.press("Use "+phone, "Please check your report")
	req.press("✅ Submit", ref)
	req.command("mine pending", ref)
	req.press(ref, "Lamp flickers")
	req.press("✎ Edit", "Please check your report")
	req.press("✎ Title", "title")
	req.say("Corridor lamp flickers", "Please check your report", "Corridor lamp flickers")
	req.press("✅ Save changes", ref+" was changed")
	waitForPost(t, gs, dispatch, "the dispatch post to show the change", func(p post) bool {
		return strings.Contains(p.body, "Corridor lamp flickers")
	})
	req.press("✖ Cancel", "Why do you want to cancel it?")
	req.say("It stopped by itself.", "Cancel "+ref+"?")
	req.press("Yes, cancel it", ref+" was cancelled")
	waitForPost(t, gs, dispatch, "the dispatch post to say it was cancelled", func(p post) bool {
		return strings.Contains(p.body, ref) && strings.Contains(p.body, "Cancelled by "+req.name()) && len(p.buttons) == 0
	})
	req.command("mine cancelled", ref)
}
