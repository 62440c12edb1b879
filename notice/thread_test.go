package notice_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/talk"
)

// threads is a platform that records where each message went and what it
// answered.
type threads struct {
	mu    sync.Mutex
	next  int
	sent  []said
	edits map[string]int // message id → times edited
}

type said struct {
	id, chat, replyTo, text string
}

func (p *threads) Platform() string       { return "test" }
func (p *threads) DispatchChat() string   { return "test:dispatch" }
func (p *threads) SupervisorChat() string { return "test:supervisors" }

func (p *threads) Send(_ context.Context, to talk.Target, m talk.Message) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next++
	id := fmt.Sprint(p.next)
	chat := to.Chat
	if chat == "" {
		chat = to.Account
	}
	p.sent = append(p.sent, said{id: id, chat: chat, replyTo: to.ReplyTo, text: m.Text})
	return id, nil
}

func (p *threads) Edit(_ context.Context, _, id string, _ talk.Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.edits[id]++
	return nil
}

// threaded returns a threads platform, and a flush of a dispatcher over
// it that fails the test unless every notice owed went out.
func (f *fixture) threaded() (*threads, func()) {
	p := &threads{edits: map[string]int{}}
	d := notice.NewDispatcher(f.svc, f.store, slog.New(slog.DiscardHandler), p)
	return p, func() {
		f.t.Helper()
		if left, _, err := d.Flush(f.t.Context()); err != nil || left != 0 {
			f.t.Fatalf("flush: %d left, %v", left, err)
		}
	}
}

func (p *threads) in(chat string) []said {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []said
	for _, s := range p.sent {
		if s.chat == chat {
			out = append(out, s)
		}
	}
	return out
}

// A ticket's whole life leaves one post in each group chat, and every
// other message about it there answers that post, in the order it
// happened; the dispatch post itself is kept as the ticket stands.
func TestOneThreadPerTicket(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	req := f.person("test:req")
	tech := f.person("test:tech", desk.RoleTechnician)
	boss := f.person("test:boss", desk.RoleSupervisor)
	p, flush := f.threaded()
	tk := f.report(req, "Tap")
	flush()
	cat, err := f.svc.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	steps := []func() (*desk.Ticket, error){
		func() (*desk.Ticket, error) { return f.svc.Claim(ctx, tech, tk.ID) },
		func() (*desk.Ticket, error) { return f.svc.Reply(ctx, req, tk.ID, "the tap is in the kitchen", nil) },
		func() (*desk.Ticket, error) { return f.svc.RequestSuspension(ctx, tech, tk.ID, "parts", nil) },
		func() (*desk.Ticket, error) { return f.svc.Review(ctx, boss, tk.ID, true, "ok") },
		func() (*desk.Ticket, error) { return f.svc.Resume(ctx, tech, tk.ID) },
		func() (*desk.Ticket, error) {
			return f.svc.Complete(ctx, tech, tk.ID, cat.RepairTypes[0], "fixed", nil)
		},
		func() (*desk.Ticket, error) { return f.svc.Rate(ctx, req, tk.ID, 5, "quick") },
	}
	for _, step := range steps {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
		flush()
	}

	dispatch := p.in("test:dispatch")
	want := []string{"#" + tk.ID, "claimed by", "(requester)", "asked to suspend", "approved", "under repair again", "completed by", "rated 5 stars"}
	if len(dispatch) != len(want) {
		t.Fatalf("dispatch chat got %d messages, want %d: %+v", len(dispatch), len(want), dispatch)
	}
	head := dispatch[0]
	if head.replyTo != "" {
		t.Errorf("the dispatch post answers %q, want a post of its own", head.replyTo)
	}
	for i, m := range dispatch[1:] {
		if m.replyTo != head.id {
			t.Errorf("message %d (%q) answers %q, want the ticket's post %s", i+1, m.text, m.replyTo, head.id)
		}
		if !strings.Contains(m.text, want[i+1]) || !strings.Contains(m.text, "#"+tk.ID) {
			t.Errorf("message %d = %q, want it to name %s and say %q", i+1, m.text, tk.Ref(), want[i+1])
		}
	}
	if p.edits[head.id] != 2 {
		t.Errorf("dispatch post edited %d times, want 2 (claimed, completed)", p.edits[head.id])
	}

	sup := p.in("test:supervisors")
	if len(sup) != 2 || sup[0].replyTo != "" || sup[1].replyTo != sup[0].id || !strings.Contains(sup[1].text, "approved") {
		t.Errorf("supervisors' chat got %+v; want the request, then its review in its thread", sup)
	}
	if p.edits[sup[0].id] != 1 {
		t.Errorf("request post edited %d times, want 1 (the review)", p.edits[sup[0].id])
	}
	// A reply in the thread is found to be about the ticket.
	for _, m := range append(dispatch, sup...) {
		id, err := f.svc.TicketOfPost(ctx, m.chat, m.id)
		if err != nil || id != tk.ID {
			t.Errorf("message %s in %s belongs to %q, %v; want %s", m.id, m.chat, id, err, tk.ID)
		}
	}
	// Private chats keep their notices, each naming the ticket.
	for _, m := range p.in("test:req") {
		if m.replyTo != "" || !strings.Contains(m.text, "#"+tk.ID) {
			t.Errorf("requester got %+v; want a message of its own naming the ticket", m)
		}
	}
}

// A line with no thread to join is not said: alone, it would be about a
// ticket the chat has not seen.
func TestLineWithoutThreadIsNotSaid(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	req := f.person("test:req")
	tech := f.person("test:tech", desk.RoleTechnician)
	tk := f.report(req, "Tap")
	// The ticket and its claim were told before this platform was
	// configured: the dispatch chat here has no post of it.
	if _, err := f.svc.Claim(ctx, tech, tk.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.store.MarkSent(ctx, tk.ID, 0, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Reply(ctx, req, tk.ID, "hello", nil); err != nil {
		t.Fatal(err)
	}
	p, flush := f.threaded()
	flush()
	if got := p.in("test:dispatch"); len(got) != 0 {
		t.Errorf("dispatch chat got %+v; want nothing", got)
	}
	if got := p.in("test:tech"); len(got) != 1 {
		t.Errorf("the technician got %+v; want the reply", got)
	}
}
