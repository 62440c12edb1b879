package notice_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/talk"
)

// lockedOut is a platform whose supervisors' group has removed the bot
// while down is set (Telegram's 403); everything else gets through.
type lockedOut struct {
	mu   sync.Mutex
	down bool
	got  map[string][]talk.Message // chat or account → what reached it
}

func (p *lockedOut) Platform() string       { return "test" }
func (p *lockedOut) DispatchChat() string   { return "test:dispatch" }
func (p *lockedOut) SupervisorChat() string { return "test:supervisors" }

func (p *lockedOut) Send(_ context.Context, to talk.Target, m talk.Message) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	where := to.Chat
	if where == "" {
		where = to.Account
	}
	if where == p.SupervisorChat() && p.down {
		return "", fmt.Errorf("403 Forbidden: bot was kicked from the group: %w", talk.ErrUndeliverable)
	}
	p.got[where] = append(p.got[where], m)
	return fmt.Sprint(len(p.got[where])), nil
}

func (p *lockedOut) Edit(ctx context.Context, chat, _ string, m talk.Message) error {
	_, err := p.Send(ctx, talk.Target{Chat: chat}, m)
	return err
}

func (p *lockedOut) texts(where string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for _, m := range p.got[where] {
		b.WriteString(m.Text + "\n")
		for _, r := range m.Rows {
			for _, btn := range r.Buttons {
				b.WriteString("[" + btn.Label + "]")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// A suspension request whose supervisors' group refuses the bot reaches
// each supervisor privately with its buttons; the technician is told the
// group did not get it; the admins are warned once; /help's list of
// unreachable chats names the group until a post gets through again.
func TestUnreachableGroupIsGoneAround(t *testing.T) {
	f := newFixture(t)
	ctx, svc, store := t.Context(), f.svc, f.store
	alice := f.person("test:alice")
	tom := f.person("test:tom", desk.RoleTechnician)
	f.person("test:sue", desk.RoleSupervisor)
	f.person("test:root", desk.RoleAdmin)
	platform := &lockedOut{down: true, got: map[string][]talk.Message{}}
	d := notice.NewDispatcher(svc, store, slog.New(slog.DiscardHandler), platform)
	flush := func() {
		t.Helper()
		if left, _, err := d.Flush(ctx); err != nil || left != 0 {
			t.Fatalf("flush: %d left, %v", left, err)
		}
	}

	report := func(title string) *desk.Ticket {
		tk := f.report(alice, title)
		if _, err := svc.Claim(ctx, tom, tk.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RequestSuspension(ctx, tom, tk.ID, "Waiting for parts.", nil); err != nil {
			t.Fatal(err)
		}
		return tk
	}
	first := report("Leak")
	flush()
	second := report("Lamp")
	flush()

	sue := platform.texts("test:sue")
	for _, want := range []string{first.Ref(), second.Ref(), "Waiting for parts.", "Approve"} {
		if !strings.Contains(sue, want) {
			t.Errorf("the supervisor was not told privately (%q missing):\n%s", want, sue)
		}
	}
	if tomGot := platform.texts("test:tom"); !strings.Contains(tomGot, "could not be reached about "+first.Ref()) {
		t.Errorf("the technician was not told the group missed the request:\n%s", tomGot)
	}
	if n := strings.Count(platform.texts("test:root"), "cannot post"); n != 1 {
		t.Errorf("the admin was warned %d times, want once:\n%s", n, platform.texts("test:root"))
	}
	if down := svc.UnreachableChats(); len(down) != 1 || down[0] != "test:supervisors" {
		t.Errorf("unreachable chats %v, want the supervisors' group", down)
	}

	// The group takes the bot back: the next post gets through and the
	// warning is gone.
	platform.mu.Lock()
	platform.down = false
	platform.mu.Unlock()
	if _, err := svc.Urge(ctx, alice, first.ID); err == nil {
		flush()
	}
	report("Door")
	flush()
	if down := svc.UnreachableChats(); len(down) != 0 {
		t.Errorf("unreachable chats %v after a post got through, want none", down)
	}
}

// downStore is the store with its database gone while down is set, for
// the writes a delivery leaves behind: the post and the delivery mark.
type downStore struct {
	notice.SeenStore
	desk.TicketStore
	down bool
}

func (s *downStore) AddPost(ctx context.Context, id string, p desk.Post) error {
	if s.down {
		return errors.New("server selection error: database unreachable")
	}
	return s.TicketStore.AddPost(ctx, id, p)
}

func (s *downStore) FirstTime(ctx context.Context, key string) (bool, error) {
	if s.down {
		return false, errors.New("server selection error: database unreachable")
	}
	return s.SeenStore.FirstTime(ctx, key)
}

// A post sent while the database is down, and so not recorded, is not
// sent again once the database is back: its record is written instead.
func TestPostSentDuringDatabaseOutageIsNotRepeated(t *testing.T) {
	f := newFixture(t)
	ctx, store := t.Context(), f.store
	db := &downStore{SeenStore: store, TicketStore: store}
	svc := desk.NewService(db, store, store, store)
	alice := f.person("test:alice")
	platform := &lockedOut{got: map[string][]talk.Message{}}
	d := notice.NewDispatcher(svc, db, slog.New(slog.DiscardHandler), platform)
	tk := f.report(alice, "Leak")
	db.down = true
	if _, _, err := d.Flush(ctx); err == nil {
		t.Fatal("a pass with the database down reported no error")
	}
	db.down = false
	if left, _, err := d.Flush(ctx); err != nil || left != 0 {
		t.Fatalf("after the outage: %d left, %v", left, err)
	}
	if n := strings.Count(platform.texts("test:dispatch"), tk.Ref()); n != 1 {
		t.Fatalf("the new ticket was posted %d times, want once:\n%s", n, platform.texts("test:dispatch"))
	}
	posts, err := svc.Posts(ctx, tk.ID)
	if err != nil || len(posts) != 1 {
		t.Fatalf("recorded posts %v (%v), want the one sent during the outage", posts, err)
	}
}
