package notice_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/talk"
)

// onPlatform is a recording platform of a given name, with its own
// dispatch and supervisors' chats.
type onPlatform struct {
	threads
	name string
}

func (p *onPlatform) Platform() string       { return p.name }
func (p *onPlatform) DispatchChat() string   { return p.name + ":dispatch" }
func (p *onPlatform) SupervisorChat() string { return p.name + ":supervisors" }

// refs lists the texts said in a chat, one line each.
func (p *onPlatform) texts(chat string) string {
	var b strings.Builder
	for _, s := range p.in(chat) {
		b.WriteString(strings.ReplaceAll(s.text, "\n", " ") + "\n")
	}
	return b.String()
}

// A queued ticket's dispatch notices go to its queue's chat on the
// platform where the queue has one, and to the dispatch chat on the
// others, naming the queue; a ticket of no queue goes to the dispatch
// chats. Once the queue is removed, its tickets' notices fall back to the
// dispatch chat.
func TestDispatchToQueueChats(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	req := f.person("test:req")
	tech := f.person("test:tech", desk.RoleTechnician)
	admin := f.person("test:admin", desk.RoleAdmin)
	cat, _ := f.svc.Catalog(ctx)
	q, err := f.svc.AddQueue(ctx, admin, "Electricians")
	if err == nil {
		_, err = f.svc.EditQueue(ctx, admin, q.ID, desk.SetProblemType(cat.ProblemTypes[0], true))
	}
	if err == nil {
		_, err = f.svc.EditQueue(ctx, admin, q.ID, desk.SetQueueChat("telegram", "-100123"))
	}
	if err == nil {
		_, err = f.svc.SetQueueMember(ctx, admin, q.ID, desk.MemberTechnician, tech.ID, true)
	}
	if err != nil {
		t.Fatal(err)
	}
	tg := &onPlatform{threads: threads{edits: map[string]int{}}, name: "telegram"}
	sl := &onPlatform{threads: threads{edits: map[string]int{}}, name: "slack"}
	d := notice.NewDispatcher(f.svc, f.store, slog.New(slog.DiscardHandler), tg, sl)
	flush := func() {
		t.Helper()
		if left, _, err := d.Flush(ctx); err != nil || left != 0 {
			t.Fatalf("flush: %d left, %v", left, err)
		}
	}
	queued := f.report(req, "Lamp") // the catalogue's first problem type: the queue's
	r := queued.Report
	r.ProblemType, r.Title = cat.ProblemTypes[1], "Tap"
	plain, err := f.svc.Report(ctx, req, r)
	if err != nil {
		t.Fatal(err)
	}
	flush()
	for _, c := range []struct {
		p          *onPlatform
		chat, want string
		not        string
	}{
		{tg, "telegram:-100123", queued.Ref() + "【", plain.Ref()},
		{tg, "telegram:dispatch", plain.Ref() + "【", queued.Ref()},
		{sl, "slack:dispatch", queued.Ref() + "【", ""},
		{sl, "slack:dispatch", plain.Ref() + "【", ""},
	} {
		got := c.p.texts(c.chat)
		if !strings.Contains(got, c.want) || (c.not != "" && strings.Contains(got, c.not)) {
			t.Errorf("%s: want %q and not %q in:\n%s", c.chat, c.want, c.not, got)
		}
	}
	if got := sl.texts("slack:dispatch"); !strings.Contains(got, "👥 Electricians") {
		t.Errorf("the queued ticket's post on Slack does not name its queue:\n%s", got)
	}

	// The claim is said in the queue's chat, in the post's thread.
	if _, err := f.svc.Claim(ctx, tech, queued.ID); err != nil {
		t.Fatal(err)
	}
	flush()
	said := tg.in("telegram:-100123")
	if last := said[len(said)-1]; last.replyTo != said[0].id || !strings.Contains(last.text, "claimed by") {
		t.Errorf("the claim in the queue's chat: %+v (the post is %s)", last, said[0].id)
	}

	// The queue is removed: the release of its ticket goes to the
	// dispatch chat, which had not heard of it, as a post of its own.
	if err := f.svc.RemoveQueue(ctx, admin, q.ID); err != nil {
		t.Fatal(err)
	}
	before := len(tg.in("telegram:-100123"))
	if _, err := f.svc.Release(ctx, tech, queued.ID, "wrong trade"); err != nil {
		t.Fatal(err)
	}
	flush()
	if got := tg.texts("telegram:dispatch"); !strings.Contains(got, queued.Ref()+" was released") {
		t.Errorf("after the queue was removed, its ticket's release is not in the dispatch chat:\n%s", got)
	}
	if n := len(tg.in("telegram:-100123")); n != before {
		t.Errorf("the removed queue's chat heard %d more messages", n-before)
	}
}

// kickedOut is a Telegram-named platform whose queue group has removed
// the bot; everything else gets through.
type kickedOut struct{ lockedOut }

func (p *kickedOut) Platform() string       { return "telegram" }
func (p *kickedOut) DispatchChat() string   { return "telegram:dispatch" }
func (p *kickedOut) SupervisorChat() string { return "telegram:supervisors" }

func (p *kickedOut) Send(ctx context.Context, to talk.Target, m talk.Message) (string, error) {
	if to.Chat == "telegram:-100123" {
		return "", fmt.Errorf("403 Forbidden: bot was kicked from the group: %w", talk.ErrUndeliverable)
	}
	return p.lockedOut.Send(ctx, to, m)
}

// When a queue's group cannot be reached, its new ticket goes round in
// private to the technicians who may claim it, the queue's, and not to
// the others (nor to supervisors, as for the dispatch chat).
func TestUnreachableQueueChatIsGoneAroundToItsPeople(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	req := f.person("telegram:101")
	tom := f.person("telegram:201", desk.RoleTechnician)
	f.person("telegram:202", desk.RoleTechnician)
	f.person("telegram:301", desk.RoleSupervisor)
	admin := f.person("telegram:900", desk.RoleAdmin)
	cat, _ := f.svc.Catalog(ctx)
	q, err := f.svc.AddQueue(ctx, admin, "Electricians")
	for _, edit := range []desk.QueueEdit{desk.SetProblemType(cat.ProblemTypes[0], true), desk.SetQueueChat("telegram", "-100123")} {
		if err == nil {
			_, err = f.svc.EditQueue(ctx, admin, q.ID, edit)
		}
	}
	if err == nil {
		_, err = f.svc.SetQueueMember(ctx, admin, q.ID, desk.MemberTechnician, tom.ID, true)
	}
	if err != nil {
		t.Fatal(err)
	}
	p := &kickedOut{lockedOut{got: map[string][]talk.Message{}}}
	d := notice.NewDispatcher(f.svc, f.store, slog.New(slog.DiscardHandler), p)
	tk := f.report(req, "Lamp")
	if left, _, err := d.Flush(ctx); err != nil || left != 0 {
		t.Fatalf("flush: %d left, %v", left, err)
	}
	// 201 is the queue's technician, 202 a technician of no queue, 301 a
	// supervisor.
	for who, told := range map[string]bool{"telegram:201": true, "telegram:202": false, "telegram:301": false} {
		if got := strings.Contains(p.texts(who), tk.Ref()); got != told {
			t.Errorf("%s told of %s: %v, want %v:\n%s", who, tk.Ref(), got, told, p.texts(who))
		}
	}
}
