package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/bots/telegram"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/talk"
)

// claimEngine answers a press with the claim's result, a button under
// it, and anything else with an echo.
func claimEngine() *recorder {
	return &recorder{answer: func(in talk.Input) talk.Response {
		if in.Kind == talk.KindButton {
			return talk.Response{Toast: "You claimed #7.", Messages: []talk.Message{{Text: "You claimed #7.",
				Rows: []talk.Row{{Buttons: []talk.Button{{Label: "Start work", Token: "t:start:7"}}}}}}}
		}
		return talk.Response{Messages: []talk.Message{{Text: echo(in)}}}
	}}
}

// postClaimable posts ticket #7 with its Claim button in the dispatch
// group.
func postClaimable(r *rig) telegramtest.Message {
	r.t.Helper()
	_, err := r.bot.Send(r.t.Context(), talk.Target{Platform: "telegram", Chat: r.bot.DispatchChat()},
		talk.Message{Text: "New ticket #7", Rows: []talk.Row{{Buttons: []talk.Button{{Label: "Claim", Token: "t:claim:7"}}}}})
	if err != nil {
		r.t.Fatal(err)
	}
	return r.said(techs.ID, 1)[0]
}

// pressUnstarted has dave, who never opened a chat with the bot, press
// Claim on post, and waits for the toast.
func pressUnstarted(r *rig, post telegramtest.Message) {
	r.t.Helper()
	before := len(r.srv.Answers())
	r.srv.Press(dave, post, "t:claim:7")
	r.waitFor("dave's toast", func() bool { return len(r.srv.Answers()) > before })
}

// startAndCount has dave start the private chat, then write again, and
// returns how often he was told of the claim, once the bot answered both.
func startAndCount(r *rig) int {
	r.t.Helper()
	r.srv.SendCommand(dave, telegramtest.Private(dave), "start", "")
	r.waitFor("dave's held answer", func() bool { return strings.Contains(r.srv.Transcript(dave.ID), "You claimed #7.") })
	// Answered in order: once this is, the Start's turn is over.
	r.srv.SendText(dave, telegramtest.Private(dave), "thanks")
	r.waitFor("the answer to dave's thanks", func() bool { return strings.Contains(r.srv.Transcript(dave.ID), "text thanks") })
	n := 0
	for _, m := range r.srv.MessagesTo(dave.ID) {
		if m.Text == "You claimed #7." {
			n++
			if len(m.Buttons) != 1 || len(m.Buttons[0]) != 1 || m.Buttons[0][0].Text != "Start work" {
				r.t.Errorf("held answer's buttons = %+v, want Start work", m.Buttons)
			}
		}
	}
	return n
}

// The answer to a press by someone the bot may not write to yet waits
// for them in the store: a bot started again on it delivers it at their
// Start, once, with its buttons.
func TestHeldAnswerOutlivesRestart(t *testing.T) {
	h := claimEngine()
	r := newRig(t, h)
	post := postClaimable(r)
	pressUnstarted(r, post)
	r.stop()

	r.start(h)
	if n := startAndCount(r); n != 1 {
		t.Errorf("dave was told of his claim %d times after the restart, want once:\n%s", n, r.srv.Transcript(dave.ID))
	}
	if data, err := r.store.HeldAnswers(t.Context(), "telegram:104"); err != nil || data != nil {
		t.Errorf("after delivery the store still holds %q, %v", data, err)
	}
	// Started again, the bot holds nothing for him any more.
	r.stop()
	r.start(h)
	r.srv.SendText(dave, telegramtest.Private(dave), "again")
	r.waitFor("the answer to dave's again", func() bool { return strings.Contains(r.srv.Transcript(dave.ID), "text again") })
	if n := strings.Count(r.srv.Transcript(dave.ID), "You claimed #7."); n != 1 {
		t.Errorf("dave was told of his claim %d times after a second restart, want once:\n%s", n, r.srv.Transcript(dave.ID))
	}
}

// holdFails is a store that cannot hold answers while broken is set.
type holdFails struct {
	*repo.Store
	mu     sync.Mutex
	broken bool
}

var _ telegram.Store = (*holdFails)(nil)

func (s *holdFails) HoldAnswers(ctx context.Context, account string, data []byte) error {
	s.mu.Lock()
	broken := s.broken
	s.mu.Unlock()
	if broken {
		return errors.New("the store is down")
	}
	return s.Store.HoldAnswers(ctx, account, data)
}

func (s *holdFails) set(broken bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.broken = broken
}

// An answer the store could not hold is kept in memory, and the toast
// still goes out; the next hold that the store takes keeps it too, so a
// restart after that loses neither.
func TestHeldAnswerKeptInMemoryWhileStoreFails(t *testing.T) {
	h := claimEngine()
	r := newRig(t, h)
	post := postClaimable(r)
	r.stop()
	store := &holdFails{Store: r.store, broken: true}
	stop, done := runBot(t, r.srv, r.store, store, h)
	pressUnstarted(r, post)
	if a := r.srv.Answers(); !strings.Contains(a[len(a)-1].URL, "start=") {
		t.Errorf("toast while the store fails = %+v, want a link to start the chat", a[len(a)-1])
	}
	// A second press, which the store takes.
	store.set(false)
	pressUnstarted(r, post)
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	r.start(h)
	if n := startAndCount(r); n != 2 {
		t.Errorf("dave was told of his claims %d times after the restart, want twice:\n%s", n, r.srv.Transcript(dave.ID))
	}
}

// unfinished is a store that never records an update as finished: every
// update a bot on it handled is handed over again to the next, as after
// a crash.
type unfinished struct{ *repo.Store }

func (unfinished) Finish(context.Context, []string, []string) error {
	return errors.New("the process died first")
}

// A press whose answer was held, and which a crash left unfinished, is
// handled again at the next start, beside the person's Start in their
// private chat. Whichever comes first, they are told the answer once.
func TestHeldAnswerOfPressHandledAgainToldOnce(t *testing.T) {
	for _, c := range []struct {
		name string
		// first is the kind of input handled first after the restart;
		// the other waits for it.
		first talk.Kind
	}{
		{"start-first", talk.KindCommand},
		{"press-first", talk.KindButton},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, claimEngine())
			post := postClaimable(r)
			r.stop()
			stop, done := runBot(t, r.srv, r.store, unfinished{r.store}, claimEngine())
			pressUnstarted(r, post)
			stop()
			<-done

			// Nothing is answered before dave opened the chat; then the
			// input handled second waits in the engine until the first
			// one's answer is out.
			opened, gate := make(chan struct{}), make(chan struct{})
			second := claimEngine()
			answer := second.answer
			second.answer = func(in talk.Input) talk.Response {
				<-opened
				if in.Kind != c.first {
					<-gate
				}
				return answer(in)
			}
			calls := len(r.srv.Calls("answerCallbackQuery"))
			r.start(second)
			r.srv.SendCommand(dave, telegramtest.Private(dave), "start", "")
			close(opened)
			// Either way the claim's answer is out before the second
			// input is answered: held, at the Start, or sent by the
			// press handled again, now that the chat is open.
			r.waitFor("dave's answer", func() bool { return strings.Contains(r.srv.Transcript(dave.ID), "You claimed #7.") })
			close(gate)
			r.waitFor("the answer to dave's Start", func() bool {
				return strings.Contains(r.srv.Transcript(dave.ID), "command start")
			})
			r.waitFor("the press handled again", func() bool { return len(r.srv.Calls("answerCallbackQuery")) > calls })
			if n := startAndCount(r); n != 1 {
				t.Errorf("dave was told of his claim %d times, want once:\n%s", n, r.srv.Transcript(dave.ID))
			}
		})
	}
}

// With the store shared by other copies (MongoDB), an answer another copy
// held for a person after this one read which accounts have some is
// still given at their Start; with the store to itself, the bot knows
// nobody else holds any.
func TestHeldByAnotherCopyIsGiven(t *testing.T) {
	for _, shared := range []bool{true, false} {
		t.Run(fmt.Sprintf("shared=%v", shared), func(t *testing.T) {
			r := newRig(t, claimEngine(), func(c *telegram.Config) { c.Shared = shared })
			// This copy reads which accounts have answers held, after its
			// answer to alice's first message: her second is answered once
			// that turn is over.
			for _, text := range []string{"hello", "again"} {
				r.srv.SendText(alice, telegramtest.Private(alice), text)
				r.waitFor("the answer to alice", func() bool { return strings.Contains(r.srv.Transcript(alice.ID), "text "+text) })
			}
			// Another copy holds one for dave.
			held := `[{"update":"telegram:update:999","at":"` + time.Now().UTC().Format(time.RFC3339Nano) +
				`","message":{"Text":"You claimed #9."}}]`
			if err := r.store.HoldAnswers(t.Context(), "telegram:104", []byte(held)); err != nil {
				t.Fatal(err)
			}
			r.srv.SendCommand(dave, telegramtest.Private(dave), "start", "")
			r.waitFor("the answer to dave's start", func() bool { return strings.Contains(r.srv.Transcript(dave.ID), "command start") })
			r.srv.SendText(dave, telegramtest.Private(dave), "thanks")
			r.waitFor("the answer to dave's thanks", func() bool { return strings.Contains(r.srv.Transcript(dave.ID), "text thanks") })
			told := strings.Contains(r.srv.Transcript(dave.ID), "You claimed #9.")
			if told != shared {
				t.Errorf("dave told of the other copy's held answer: %v, want %v:\n%s", told, shared, r.srv.Transcript(dave.ID))
			}
		})
	}
}

// A held answer that carries a file (an export asked for from a group)
// is given with its file at the person's Start, after a restart too.
func TestHeldAnswerKeepsItsFile(t *testing.T) {
	h := &filer{recorder{answer: func(in talk.Input) talk.Response {
		if in.Kind == talk.KindButton {
			return talk.Response{Toast: "Your export is ready.", Messages: []talk.Message{{Text: "Your export is ready.",
				File: &talk.File{Name: "tickets.csv", Ref: "week", Failed: "No export."}}}}
		}
		return talk.Response{Messages: []talk.Message{{Text: echo(in)}}}
	}}}
	r := newRig(t, h)
	press := r.srv.Press(dave, postClaimable(r), "t:claim:7")
	// Once the press is handled and the bot started again, only the
	// store has the answer.
	r.waitFor("the press handled", func() bool {
		seen, err := r.store.Seen(t.Context(), "telegram:update:"+fmt.Sprint(press))
		return err == nil && seen
	})
	r.stop()
	r.start(h)
	r.srv.SendCommand(dave, telegramtest.Private(dave), "start", "")
	r.waitFor("dave's held file", func() bool {
		for _, m := range r.srv.MessagesTo(dave.ID) {
			if m.Document != nil {
				return string(m.Document) == "ref,title\nweek,Leaking tap\n"
			}
		}
		return false
	})
	for _, m := range r.srv.MessagesTo(dave.ID) {
		t.Logf("%q doc=%q", m.Text, m.Document)
	}
	if n := strings.Count(r.srv.Transcript(dave.ID), "Your export is ready."); n != 1 {
		t.Errorf("dave was told of his export %d times, want once:\n%s", n, r.srv.Transcript(dave.ID))
	}
}

// Answers held longer than a week are dropped when the bot starts, before
// anyone writes, and with the store shared by other copies too.
func TestStaleHeldAnswersDroppedAtStart(t *testing.T) {
	for _, shared := range []bool{true, false} {
		t.Run(fmt.Sprintf("shared=%v", shared), func(t *testing.T) {
			cfg := func(c *telegram.Config) { c.Shared = shared }
			r := newRig(t, claimEngine(), cfg)
			r.stop()
			old := time.Now().Add(-8 * 24 * time.Hour)
			held := `[{"update":"telegram:update:998","at":"` + old.UTC().Format(time.RFC3339Nano) + `","message":{"Text":"Too late."}}]`
			ctx := t.Context()
			if err := r.store.HoldAnswers(ctx, "telegram:104", []byte(held)); err != nil {
				t.Fatal(err)
			}
			if _, err := r.store.DB().Collection("held").UpdateOne(ctx, bson.D{{Key: "_id", Value: "telegram:104"}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "at", Value: old}}}}); err != nil {
				t.Fatal(err)
			}
			r.start(claimEngine(), cfg)
			r.waitFor("the stale answers dropped", func() bool {
				data, err := r.store.HeldAnswers(ctx, "telegram:104")
				return err == nil && data == nil
			})
		})
	}
}
