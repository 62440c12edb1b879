package main

import (
	"fmt"
	"strings"
	"testing"
)

// threads is a platform's view of the tickets' threads in its group
// chats, and what people do in them.
type threads interface {
	// thread returns, for the ticket ref in g, its post, the texts of
	// the messages in its thread in order (the bot's and people's), and
	// the bot's other messages about it in g, outside the thread.
	thread(g group, ref string) (head string, replies []string, others []string)
	// replyIn writes text as p in the thread of ref's post in g.
	replyIn(p person, g group, ref, text string)
}

// oneThread waits until the thread of ref's post in g says each of want
// in order, and checks that the bot said nothing else in g.
func oneThread(t *testing.T, th threads, g group, ref string, want ...string) {
	t.Helper()
	var head string
	var replies, others []string
	show := func() string {
		return fmt.Sprintf("post: %q\nthread:\n  %s\nothers: %q", head, strings.Join(replies, "\n  "), others)
	}
	waitUntil(t, fmt.Sprintf("the thread of %s to read %q", ref, want), func() bool {
		head, replies, others = th.thread(g, ref)
		return head != "" && inOrder(replies, want)
	}, show)
	if len(others) > 0 {
		t.Errorf("the group holds more than the post of %s and its thread:\n%s", ref, show())
	}
}

// inOrder reports whether each of want is in one of texts, in order.
func inOrder(texts, want []string) bool {
	i := 0
	for _, s := range texts {
		if i < len(want) && strings.Contains(s, want[i]) {
			i++
		}
	}
	return i == len(want)
}

// everyStateInThreads is everyState, then checks that its whole life is
// one post in each group and the replies in its thread, in order.
func everyStateInThreads(t *testing.T, gs groups, th threads, req, tech, boss person, reqPhone string) {
	everyState(t, gs, req, tech, boss, reqPhone)
	oneThread(t, th, dispatch, "#1001", "#1001 claimed by "+tech.name(),
		req.name()+" (requester) on #1001: When will you come?",
		tech.name()+" asked to suspend #1001", "Suspension of #1001 approved by "+boss.name(),
		"#1001 under repair again", "#1001 completed by "+tech.name(), "#1001 rated 5 stars")
	oneThread(t, th, supervisors, "#1001", "Suspension of #1001 approved by "+boss.name())
}

// repliesThroughThread: on the open ticket ref, claimed by tech, what
// tech writes in its thread reaches req, req's answer comes back into
// the thread, and a "!note" stays among staff.
func repliesThroughThread(t *testing.T, th threads, req, tech person, ref string) {
	n := req.seen()
	th.replyIn(tech, dispatch, ref, "I will come at three; is the door open?")
	req.expect(n, tech.name()+" about "+ref+": I will come at three; is the door open?")
	req.press("💬 Reply", "Your message about "+ref)
	req.say("Yes, it is unlocked.", "Message sent")
	oneThread(t, th, dispatch, ref, "I will come at three", req.name()+" (requester) on "+ref+": Yes, it is unlocked.")
	n = req.seen()
	th.replyIn(tech, dispatch, ref, "!note the tap is an old brand, bring the long wrench")
	th.replyIn(tech, dispatch, ref, "See you soon.")
	req.expect(n, tech.name()+" about "+ref+": See you soon.")
	if s := transcriptOf(req); strings.Contains(s, "long wrench") {
		t.Errorf("an internal note reached the requester:\n%s", s)
	}
}

// transcriptOf is what a person was told, on any platform.
func transcriptOf(p person) string {
	switch p := p.(type) {
	case *slPerson:
		return p.transcript()
	case *tgPerson:
		return p.srv.Transcript(p.user.ID)
	}
	return ""
}

// fromMessageToSummary answers a report started from a message, up to
// its summary: only where, what kind, when and whom to call are asked.
func fromMessageToSummary(p person, phone string) {
	p.press("A区 North", "which building?")
	p.press("A1 教学楼 Teaching", "Which room?")
	p.say("301", "Detailed address?")
	p.press("Skip", "What kind of problem?")
	p.press("空调 HVAC", "When would you like the repair?")
	p.press("Any time", "Contact phone?")
	p.press("Use "+phone, "Please check your report", "The heater in room 301 is cold.")
}
