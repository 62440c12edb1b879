package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

// dispatchGroup is the technicians' group in the fake: each report is
// posted there, a broadcast that shares Telegram's overall limit with the
// answers.
const dispatchGroup = -1001000000001

// arrival is a message the bot sent or edited, and when the fake took it.
type arrival struct {
	msg telegramtest.Message
	at  time.Time
}

// tgStep is one input of the dialogue: how to send it, given the message
// the last answer ended with, and a piece of the text that ends its
// answer.
type tgStep struct {
	name string
	send func(p *tgPerson, last telegramtest.Message) error
	want string
}

// tgPerson is one simulated person on Telegram.
type tgPerson struct {
	srv  *telegramtest.Server
	user telegramtest.User
	in   chan arrival
}

func (p *tgPerson) phone() string { return fmt.Sprintf("139%08d", p.user.ID) }

func (p *tgPerson) text(s string) func(*tgPerson, telegramtest.Message) error {
	return func(p *tgPerson, _ telegramtest.Message) error {
		p.srv.SendText(p.user, telegramtest.Private(p.user), s)
		return nil
	}
}

// press presses the button at position i of the last answer.
func press(i int) func(*tgPerson, telegramtest.Message) error {
	return func(p *tgPerson, last telegramtest.Message) error {
		labels := last.Labels()
		if i >= len(labels) {
			return fmt.Errorf("no button %d on %q", i, last.Body())
		}
		b, _ := last.Button(labels[i])
		p.srv.Press(p.user, last, b.Data)
		return nil
	}
}

// pressLabel presses the button labelled label: the window's buttons
// change with the time of day.
func pressLabel(label string) func(*tgPerson, telegramtest.Message) error {
	return func(p *tgPerson, last telegramtest.Message) error {
		b, ok := last.Button(label)
		if !ok {
			return fmt.Errorf("no button %q on %q", label, last.Body())
		}
		p.srv.Press(p.user, last, b.Data)
		return nil
	}
}

// tgDialogue is what each person does: register, report a broken lock
// from /report to Submit, and list their tickets. No photo: the fake
// would serve it, but the desk's cost of a step is what is measured.
func tgDialogue(p *tgPerson) []tgStep {
	return []tgStep{
		{"start", p.text("/start"), "Your name?"},
		{"name", press(0), "Your phone number?"},
		{"phone", func(p *tgPerson, _ telegramtest.Message) error {
			p.srv.SendContact(p.user, telegramtest.Private(p.user), p.phone(), p.user.ID)
			return nil
		}, "Your department?"},
		{"department", p.text("Load lab"), "what I can do"},
		{"report", p.text("/report"), "Which zone?"},
		{"zone", press(0), "which building?"},
		{"building", press(0), "Which room?"},
		{"room", p.text("101"), "Detailed address?"},
		{"address", press(0), "What kind of problem?"},
		{"type", press(5), "title"},
		{"title", p.text("Door lock broken"), "Describe the fault"},
		{"description", p.text("The lock of room 101 does not close."), "photos"},
		{"photos", press(0), "When would you like the repair?"},
		{"window", pressLabel("Any time"), "Contact phone?"},
		{"contact", press(0), "Please check your report"},
		{"submit", press(0), "Submitted"},
		{"mine", p.text("/mine"), "My tickets"},
	}
}

// runTelegram plays the dialogue for n people at once through the fake
// Bot API, and returns each step's latency: from the update's arrival at
// the fake to the answer's last message.
func runTelegram(ctx context.Context, srv *telegramtest.Server, n int, patience time.Duration, rec *recorder) error {
	people := make(map[int64]*tgPerson, n)
	var list []*tgPerson
	for i := range n {
		u := telegramtest.User{ID: int64(100000 + i), FirstName: fmt.Sprintf("P%d", i), LanguageCode: "en"}
		p := &tgPerson{srv: srv, user: u, in: make(chan arrival, 256)}
		people[u.ID] = p
		list = append(list, p)
	}
	srv.Watch(func(m telegramtest.Message) {
		rec.message()
		if p := people[m.Chat]; p != nil {
			select {
			case p.in <- arrival{m, time.Now()}:
			default:
			}
		}
	})
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, p := range list {
		wg.Go(func() {
			if err := p.play(ctx, patience, rec); err != nil {
				errs <- fmt.Errorf("%s: %w", p.user.FirstName, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	if len(all) > 3 {
		all = append(all[:3], fmt.Errorf("and %d more", len(all)-3))
	}
	return errors.Join(all...)
}

// play runs one person's dialogue; a step whose answer does not come
// within patience ends it.
func (p *tgPerson) play(ctx context.Context, patience time.Duration, rec *recorder) error {
	var last telegramtest.Message
	for _, st := range tgDialogue(p) {
		start := time.Now()
		if err := st.send(p, last); err != nil {
			return fmt.Errorf("step %s: %w", st.name, err)
		}
		a, err := p.await(ctx, st.want, patience)
		if err != nil {
			rec.failed()
			return fmt.Errorf("step %s: %w", st.name, err)
		}
		rec.step(a.at.Sub(start))
		last = a.msg
	}
	return nil
}

// await waits for the message that ends an answer.
func (p *tgPerson) await(ctx context.Context, want string, patience time.Duration) (arrival, error) {
	timer := time.NewTimer(patience)
	defer timer.Stop()
	var seen []string
	for {
		select {
		case a := <-p.in:
			if strings.Contains(a.msg.Body(), want) {
				return a, nil
			}
			seen = append(seen, a.msg.Body())
		case <-timer.C:
			return arrival{}, fmt.Errorf("no answer with %q within %v; got %q", want, patience, seen)
		case <-ctx.Done():
			return arrival{}, ctx.Err()
		}
	}
}
