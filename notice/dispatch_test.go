package notice_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// flaky is a chat platform that fails for a while: first with server
// errors, then asking to slow down, then timing out; then it recovers.
type flaky struct {
	mu        sync.Mutex
	calls     int
	delivered map[string][]string // chat → texts sent, in order
	edits     int                 // edits made: repeating one is harmless
	fails     func(call int) error
}

func (f *flaky) Platform() string       { return "test" }
func (f *flaky) DispatchChat() string   { return "test:dispatch" }
func (f *flaky) SupervisorChat() string { return "test:supervisors" }

func (f *flaky) attempt(ctx context.Context, chat string, m talk.Message) error {
	return f.try(ctx, func() { f.delivered[chat] = append(f.delivered[chat], m.Text) })
}

// try makes one call, which does what it does only if it does not fail.
func (f *flaky) try(ctx context.Context, done func()) error {
	f.mu.Lock()
	call := f.calls
	f.calls++
	f.mu.Unlock()
	if err := f.fails(call); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			select { // a platform that does not answer
			case <-time.After(20 * time.Millisecond):
			case <-ctx.Done():
			}
		}
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	done()
	return nil
}

func (f *flaky) Send(ctx context.Context, to talk.Target, m talk.Message) (string, error) {
	chat := to.Chat
	if chat == "" {
		chat = to.Account
	}
	return fmt.Sprint(time.Now().UnixNano()), f.attempt(ctx, chat, m)
}

// Edit changes a post. An edit followed by a line in the ticket's thread
// is one delivery: when the line fails, the retry edits again.
func (f *flaky) Edit(ctx context.Context, chat, id string, m talk.Message) error {
	return f.try(ctx, func() { f.edits++ })
}

// A burst of state changes while the chat platform misbehaves: once it
// recovers, every notice has reached every reader exactly once, and each
// reader got theirs in the order they were owed.
func TestNoticesSurviveAnOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("a burst of 500 state changes")
	}
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	admin := &desk.User{Roles: []desk.Role{desk.RoleAdmin}}
	if _, err := svc.SetSetting(ctx, admin, "reportsPerHour", "1000"); err != nil {
		t.Fatal(err)
	}
	person := func(acc string, roles ...desk.Role) *desk.User {
		u, _ := svc.Account(ctx, acc, "en")
		u, err := svc.Register(ctx, u, desk.Profile{Name: acc, Phone: "13800000000", Department: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if len(roles) > 0 {
			u, _ = svc.GrantBootstrap(ctx, u.ID, roles...)
		}
		return u
	}
	var requesters []*desk.User
	for i := range 5 {
		requesters = append(requesters, person(fmt.Sprintf("test:req%d", i)))
	}
	tech := person("test:tech", desk.RoleTechnician)
	boss := person("test:boss", desk.RoleSupervisor)

	platform := &flaky{delivered: map[string][]string{}, fails: func(call int) error {
		switch {
		case call < 150:
			return errors.New("500 Internal Server Error")
		case call < 250:
			return &talk.RateLimited{Wait: 30 * time.Millisecond}
		case call < 300:
			return context.DeadlineExceeded
		}
		return nil
	}}
	d := notice.NewDispatcher(svc, store, slog.New(slog.DiscardHandler), platform)
	d.Poll, d.MaxBackoff = 20*time.Millisecond, 100*time.Millisecond
	svc.Changed = d.Wake
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { d.Run(runCtx); close(done) }()

	cat, _ := store.Catalog(ctx)
	r := desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Tap", Description: "Drips", Contact: "13800000000"}
	changes := 0
	for changes < 500 {
		req := requesters[changes%len(requesters)]
		tk, err := svc.Report(ctx, req, r)
		must(t, err)
		steps := []func() (*desk.Ticket, error){
			func() (*desk.Ticket, error) { return svc.Claim(ctx, tech, tk.ID) },
			func() (*desk.Ticket, error) { return svc.Reply(ctx, req, tk.ID, "when?", nil) },
			func() (*desk.Ticket, error) { return svc.Reply(ctx, tech, tk.ID, "soon", nil) },
			func() (*desk.Ticket, error) { return svc.RequestSuspension(ctx, tech, tk.ID, "parts", nil) },
			func() (*desk.Ticket, error) { return svc.Review(ctx, boss, tk.ID, true, "") },
			func() (*desk.Ticket, error) { return svc.Resume(ctx, tech, tk.ID) },
			func() (*desk.Ticket, error) { return svc.Complete(ctx, tech, tk.ID, cat.RepairTypes[0], "fixed", nil) },
			func() (*desk.Ticket, error) { return svc.Rate(ctx, req, tk.ID, 5, "") },
		}
		changes++
		for _, step := range steps {
			_, err := step()
			must(t, err)
			changes++
		}
	}

	deadline := time.Now().Add(2 * time.Minute)
	for {
		left, _, err := d.Flush(ctx)
		if err == nil && left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d notices still owed: %v", left, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	<-done

	// What each reader was owed, in the order owed.
	live, err := store.Live(ctx, desk.Filter{})
	must(t, err)
	owed := map[string]int{}
	for _, tk := range live {
		if tk.Sent != len(tk.Outbox) {
			t.Errorf("%s: %d of %d notices marked sent", tk.Ref(), tk.Sent, len(tk.Outbox))
		}
		for _, n := range tk.Outbox {
			switch n.To {
			case desk.ToDispatch:
				owed["test:dispatch"]++
			case desk.ToSupervisors:
				owed["test:supervisors"]++
			default:
				owed["test:"+n.User.Name[len("test:"):]]++
			}
		}
	}
	for chat, n := range owed {
		if got := len(platform.delivered[chat]); got != n {
			t.Errorf("%s: %d deliveries, want exactly %d", chat, got, n)
		}
	}
	// In order: a requester's notices about each ticket arrive as they
	// were owed: claimed, a reply, suspended, resumed, completed.
	ref := regexp.MustCompile(`#\d+`)
	for _, req := range requesters {
		seq := map[string]string{}
		for _, text := range platform.delivered["test:"+req.Name[len("test:"):]] {
			mark, _, _ := strings.Cut(text, " ")
			seq[ref.FindString(text)] += mark
		}
		for id, marks := range seq {
			if marks != "🙋💬⏸▶✔" {
				t.Errorf("%s got the notices of %s in the order %s", req.Name, id, marks)
			}
		}
	}
	if platform.calls < 300 {
		t.Fatalf("the outage was not exercised: %d calls", platform.calls)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A pass that outlives its lease stops: another copy of the program may
// hold the lease by then and be delivering the same notices.
func TestDispatcherStopsWhenTheLeaseIsLost(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	u, _ := svc.Account(ctx, "test:req", "en")
	u, err := svc.Register(ctx, u, desk.Profile{Name: "Req", Phone: "13800000000", Department: "x"})
	must(t, err)
	cat, _ := store.Catalog(ctx)
	r := desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Tap", Description: "Drips", Contact: "13800000000"}
	for range 3 {
		_, err := svc.Report(ctx, u, r)
		must(t, err)
	}
	platform := &flaky{delivered: map[string][]string{}, fails: func(int) error { return nil }}
	d := notice.NewDispatcher(svc, store, slog.New(slog.DiscardHandler), platform)
	asked := 0
	d.Lease = func(context.Context) (bool, error) { asked++; return asked == 1, nil }
	d.LeaseCheck = 0 // ask before every notice
	left, _, err := d.Flush(ctx)
	must(t, err)
	if got := len(platform.delivered["test:dispatch"]); got != 1 || left != 2 {
		t.Fatalf("after losing the lease: %d notices delivered, %d left; want 1 and 2", got, left)
	}
	d.Lease = func(context.Context) (bool, error) { return true, nil }
	if left, _, err = d.Flush(ctx); err != nil || left != 0 || len(platform.delivered["test:dispatch"]) != 3 {
		t.Fatalf("with the lease back: %d left, %v, %d delivered", left, err, len(platform.delivered["test:dispatch"]))
	}
}

// forgetful is a platform that has lost its earlier messages: a web chat
// after a restart, a group where someone deleted the post.
type forgetful struct{ *flaky }

func (forgetful) Edit(context.Context, string, string, talk.Message) error {
	return fmt.Errorf("no such message: %w", talk.ErrUndeliverable)
}

// A claim whose dispatch post can no longer be changed is posted anew, so
// the chat still hears who took the job.
func TestClaimPostedAnewWhenThePostIsGone(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	person := func(acc string, roles ...desk.Role) *desk.User {
		u, _ := svc.Account(ctx, acc, "en")
		u, err := svc.Register(ctx, u, desk.Profile{Name: acc, Phone: "13800000000", Department: "x"})
		if err == nil && len(roles) > 0 {
			u, err = svc.GrantBootstrap(ctx, u.ID, roles...)
		}
		must(t, err)
		return u
	}
	req, tech := person("test:req"), person("test:tech", desk.RoleTechnician)
	cat, _ := store.Catalog(ctx)
	tk, err := svc.Report(ctx, req, desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Tap", Description: "Drips", Contact: "13800000000"})
	must(t, err)
	platform := forgetful{&flaky{delivered: map[string][]string{}, fails: func(int) error { return nil }}}
	d := notice.NewDispatcher(svc, store, slog.New(slog.DiscardHandler), platform)
	_, _, err = d.Flush(ctx)
	must(t, err)
	_, err = svc.Claim(ctx, tech, tk.ID)
	must(t, err)
	_, _, err = d.Flush(ctx)
	must(t, err)
	posts := platform.delivered["test:dispatch"]
	if len(posts) != 2 || !strings.Contains(posts[1], "test:tech") {
		t.Fatalf("dispatch chat got %q; want the new ticket, then who claimed it", posts)
	}
}
