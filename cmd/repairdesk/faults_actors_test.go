package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

// actor is somebody using the desk in the fault suite, on Telegram or
// Slack. Unlike the person of the other end-to-end tests it never fails
// the test: under faults an answer may be late or never come, and the
// suite counts what did not come instead of stopping at the first.
//
// Every input it sends is delivered twice: once now, and again a moment
// after the desk has taken it (Telegram confirmed it, Slack had it
// acknowledged), as the platforms do when they are not sure it arrived.
type actor struct {
	name    string
	account string
	phone   string
	run     *faultRun

	tg     *telegramtest.Server
	tgUser telegramtest.User
	sl     *fakeslack.Server
	slUser fakeslack.User

	// mu keeps one actor's dialogue steps one at a time: a technician
	// claims and completes several tickets, each a dialogue of its own.
	mu sync.Mutex
}

func (a *actor) platform() string {
	if a.tg != nil {
		return "telegram"
	}
	return "slack"
}

// messages are the bodies of the bot's messages to the actor, as they
// read now.
func (a *actor) messages() []string {
	var out []string
	if a.tg != nil {
		for _, m := range a.tg.MessagesTo(a.tgUser.ID) {
			out = append(out, m.Body())
		}
		return out
	}
	for _, m := range a.sl.BotMessagesTo(a.slUser.ID) {
		out = append(out, m.Body())
	}
	return out
}

// told reports whether a message from index after on holds every want.
func (a *actor) told(after int, want ...string) bool {
	ms := a.messages()
	for i := len(ms) - 1; i >= after && i >= 0; i-- {
		if contains(ms[i], want...) {
			return true
		}
	}
	return false
}

// missing is a step whose answer, or a notice, never came.
type missing struct {
	who   string
	input string // what the actor sent; "" when waiting for a notice
	want  []string
	last  []string // the last messages they were told, to see why
	at    time.Time
}

func (m *missing) Error() string {
	told := ""
	if len(m.last) > 0 {
		told = fmt.Sprintf("; last told %q", m.last)
	}
	if m.input == "" {
		return fmt.Sprintf("%s was never told %q%s", m.who, m.want, told)
	}
	return fmt.Sprintf("%s sent %s at %s and was never told %q%s", m.who, m.input, m.at.Format("15:04:05.000"), m.want, told)
}

// await waits until the actor is told want in a message from index after
// on, for as long as a fault may hold it up.
func (a *actor) await(after int, input string, want ...string) error {
	sent := time.Now()
	deadline := sent.Add(a.run.size.stepWait)
	for !a.told(after, want...) {
		if time.Now().After(deadline) {
			ms := a.messages()
			return &missing{who: a.name, input: input, want: want, last: ms[max(0, len(ms)-3):], at: sent}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

// step sends an input, delivers it again later, and waits for the answer.
func (a *actor) step(input string, send func() delivered, want ...string) error {
	n := len(a.messages())
	a.run.twice(send())
	return a.await(n, input, want...)
}

// delivered is what a platform delivered: an update id or an envelope.
type delivered struct {
	update   int64
	envelope *fakeslack.Delivery
}

func (a *actor) say(text string, want ...string) error {
	return a.step(fmt.Sprintf("%q", text), func() delivered {
		if a.tg != nil {
			return delivered{update: a.tg.SendText(a.tgUser, telegramtest.Private(a.tgUser), text)}
		}
		return delivered{envelope: a.sl.SendDM(a.slUser.ID, text)}
	}, want...)
}

func (a *actor) command(cmd string, want ...string) error {
	return a.step("/"+cmd, func() delivered {
		if a.tg != nil {
			name, args, _ := strings.Cut(cmd, " ")
			return delivered{update: a.tg.SendCommand(a.tgUser, telegramtest.Private(a.tgUser), name, args)}
		}
		return delivered{envelope: a.sl.Command(a.slUser.ID, "", cmd)}
	}, want...)
}

func (a *actor) sendPhoto(data []byte, want ...string) error {
	return a.step("a photo", func() delivered {
		if a.tg != nil {
			return delivered{update: a.tg.SendPhoto(a.tgUser, telegramtest.Private(a.tgUser), data, "")}
		}
		return delivered{envelope: a.sl.ShareFile(a.slUser.ID, "photo.jpg", "image/jpeg", data, "")}
	}, want...)
}

func (a *actor) sharePhone(want ...string) error {
	if a.tg == nil {
		return a.say(a.phone, want...) // Slack has no share-my-phone button
	}
	return a.step("the phone", func() delivered {
		return delivered{update: a.tg.SendContact(a.tgUser, telegramtest.Private(a.tgUser), a.phone, a.tgUser.ID)}
	}, want...)
}

// press presses the newest button with label in the actor's own chat.
func (a *actor) press(label string, want ...string) error {
	return a.pressWhere(a.ownChat(), "", label, want...)
}

// pressOrSay presses the button with label, or types it when there is
// none: the desk offers the name a platform told it as a button, and
// asks for it plainly when the platform could not tell.
func (a *actor) pressOrSay(label string, want ...string) error {
	if _, ok := a.button(a.ownChat(), "", label); ok {
		return a.press(label, want...)
	}
	return a.say(label, want...)
}

// pressPost presses a button of the newest post in a dispatch chat that
// mentions about.
func (a *actor) pressPost(about, label string, want ...string) error {
	return a.pressWhere(a.dispatchChat(), about, label, want...)
}

func (a *actor) ownChat() string {
	if a.tg != nil {
		return fmt.Sprint(a.tgUser.ID)
	}
	return fakeslack.DMOf(a.slUser.ID)
}

func (a *actor) dispatchChat() string {
	if a.tg != nil {
		return fmt.Sprint(int64(telegramDispatch))
	}
	return slackDispatch
}

func (a *actor) pressWhere(chat, about, label string, want ...string) error {
	press, ok := a.button(chat, about, label)
	if !ok {
		return fmt.Errorf("%s: no button %q to press in %s", a.name, label, chat)
	}
	return a.step(fmt.Sprintf("[%s]", label), press, want...)
}

// button finds the newest button with label in chat, on a message that
// mentions about, and returns how to press it.
func (a *actor) button(chat, about, label string) (func() delivered, bool) {
	if a.tg != nil {
		var id int64
		fmt.Sscan(chat, &id)
		ms := a.tg.MessagesTo(id)
		for i := len(ms) - 1; i >= 0; i-- {
			if b, ok := ms[i].Button(label); ok && strings.Contains(ms[i].Body(), about) {
				m := ms[i]
				return func() delivered { return delivered{update: a.tg.Press(a.tgUser, m, b.Data)} }, true
			}
		}
		return nil, false
	}
	ms := a.sl.MessagesIn(chat)
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		if !strings.Contains(m.Body(), about) {
			continue
		}
		if j := slices.IndexFunc(m.Buttons(), func(b fakeslack.Button) bool { return b.Label == label }); j >= 0 {
			b := m.Buttons()[j]
			return func() delivered { return delivered{envelope: a.sl.Press(a.slUser.ID, m, b)} }, true
		}
	}
	return nil, false
}
