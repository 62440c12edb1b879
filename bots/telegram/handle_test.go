package telegram_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/talk"
)

// One chat's updates are handled in order; other chats do not wait for
// it.
func TestOrderInAChatParallelAcrossChats(t *testing.T) {
	bobDone := make(chan struct{})
	var once sync.Once
	h := &recorder{}
	h.answer = func(in talk.Input) talk.Response {
		switch in.Text {
		case "a1":
			// Alice's first message is handled only once Bob's last is:
			// if chats were handled one at a time, this would never end.
			select {
			case <-bobDone:
			case <-time.After(wait):
			}
		case "b5":
			once.Do(func() { close(bobDone) })
		}
		return talk.Response{Messages: []talk.Message{{Text: "got " + in.Text}}}
	}
	r := newRig(t, h)
	for i := range 5 {
		r.srv.SendText(alice, telegramtest.Private(alice), "a"+itoa(i+1))
		r.srv.SendText(bob, telegramtest.Private(bob), "b"+itoa(i+1))
	}
	r.said(alice.ID, 5)
	r.said(bob.ID, 5)
	select {
	case <-bobDone:
	default:
		t.Fatal("bob's messages waited for alice's")
	}
	for _, who := range []telegramtest.User{alice, bob} {
		var seen []string
		for _, in := range h.got() {
			if in.Account == "telegram:"+itoa(int(who.ID)) {
				seen = append(seen, in.Text)
			}
		}
		want := []string{"a1", "a2", "a3", "a4", "a5"}
		if who.ID == bob.ID {
			want = []string{"b1", "b2", "b3", "b4", "b5"}
		}
		if strings.Join(seen, " ") != strings.Join(want, " ") {
			t.Errorf("%s's inputs were handled as %v", who.FirstName, seen)
		}
		if got := texts(r.srv.MessagesTo(who.ID)); got != "got "+strings.Join(want, " | got ") {
			t.Errorf("%s was answered %s", who.FirstName, got)
		}
	}
}

// An update delivered again, also to a new copy of the bot after a
// restart, is handled once: the record of it is in the database.
func TestUpdateHandledOnceAcrossRestarts(t *testing.T) {
	h := &recorder{}
	r := newRig(t, h)
	first := r.srv.SendText(alice, telegramtest.Private(alice), "report the leak")
	r.said(alice.ID, 1)
	r.stop()

	r.srv.Redeliver(first)
	r.srv.SendText(alice, telegramtest.Private(alice), "and the lamp")
	r.start(h)
	r.said(alice.ID, 2)
	// Whatever else arrives would have arrived by the time a third,
	// later update is answered.
	r.srv.SendText(alice, telegramtest.Private(alice), "thanks")
	r.said(alice.ID, 3)
	var got []string
	for _, in := range h.got() {
		got = append(got, in.Text)
	}
	if strings.Join(got, "|") != "report the leak|and the lamp|thanks" {
		t.Errorf("handled %q", got)
	}
	if n := r.srv.Handed(first); n != 2 {
		t.Errorf("the first update was received %d times, want twice", n)
	}
}

// A panic in the desk is recovered: the person is told, and the next
// update is handled.
func TestPanicIsRecoveredAndThePersonTold(t *testing.T) {
	h := &recorder{}
	h.answer = func(in talk.Input) talk.Response {
		if in.Text == "boom" || in.Token == "boom" {
			panic("the desk fell over")
		}
		return talk.Response{Messages: []talk.Message{{Text: "fine"}}}
	}
	r := newRig(t, h)
	r.srv.SendText(bob, telegramtest.Private(bob), "boom")
	r.srv.SendText(bob, telegramtest.Private(bob), "again")
	ms := r.said(bob.ID, 2)
	if ms[0].Text != "出错了，请稍后再试" || ms[1].Text != "fine" {
		t.Fatalf("bob saw %s", texts(ms))
	}
	// A pressed button gets the same as a toast.
	r.srv.Press(bob, ms[1], "boom")
	r.said(bob.ID, 3)
	r.waitFor("the toast", func() bool { return len(r.srv.Answers()) == 1 })
	if a := r.srv.Answers()[0]; a.Text != "出错了，请稍后再试" {
		t.Errorf("toast = %q", a.Text)
	}
}

// A 429 is waited out and the answer sent whole and in order; a 500 is
// tried again.
func TestTooManyRequestsIsWaitedOut(t *testing.T) {
	h := answerWith(talk.Message{Text: "one"}, talk.Message{Text: "two"}, talk.Message{Text: "three"})
	r := newRig(t, h)
	r.srv.SendText(alice, telegramtest.Private(alice), "warm up")
	r.said(alice.ID, 3)

	r.srv.FailMethod("sendMessage", 1, 500, 0)
	r.srv.SendText(alice, telegramtest.Private(alice), "hello")
	r.said(alice.ID, 6)

	// The answer's first message is refused with a retry_after.
	r.srv.FailNext(1, 429, 1)
	start := time.Now()
	r.srv.SendText(alice, telegramtest.Private(alice), "hello again")
	ms := r.said(alice.ID, 9)
	if got := texts(ms[6:]); got != "one | two | three" {
		t.Errorf("after the 429 alice saw %s", got)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("the answer took %v, less than the retry_after of 1s", d)
	}
	var statuses []int
	for _, c := range r.srv.Calls("sendMessage") {
		statuses = append(statuses, c.Status)
	}
	if n := count(statuses, 429); n != 1 {
		t.Errorf("statuses %v: want one 429", statuses)
	}
	if n := count(statuses, 500); n != 1 {
		t.Errorf("statuses %v: want one 500", statuses)
	}
}

func count(list []int, v int) int {
	n := 0
	for _, x := range list {
		if x == v {
			n++
		}
	}
	return n
}
