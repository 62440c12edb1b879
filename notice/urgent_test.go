package notice_test

import (
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
)

// Notices owed at once go out urgent tickets first: an urgent ticket
// reported after a normal one heads the dispatch chat's new posts. A
// change of priority edits the dispatch post and is a line in its
// thread; a request goes to the supervisors' chat and its answer edits
// that post.
func TestUrgentTicketsGoFirstAndPriorityEditsThePost(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	req := f.person("test:req")
	tech := f.person("test:tech", desk.RoleTechnician)
	boss := f.person("test:boss", desk.RoleSupervisor)
	p, flush := f.threaded()
	normal := f.report(req, "Tap")
	cat, _ := f.svc.Catalog(ctx)
	urgent, err := f.svc.ReportUrgent(ctx, req, desk.Report{
		Location:    desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Flood", Description: "Water.", Contact: "13800000000"}, "", "Water near sockets")
	if err != nil {
		t.Fatal(err)
	}
	flush()
	posts := p.in("test:dispatch")
	if len(posts) != 2 || !strings.HasPrefix(posts[0].text, "🚨 "+urgent.Ref()) || !strings.HasPrefix(posts[1].text, normal.Ref()) {
		t.Fatalf("dispatch posts %+v: the urgent one first, tagged", posts)
	}

	if _, err := f.svc.AskUrgent(ctx, tech, normal.ID); err != nil {
		t.Fatal(err)
	}
	flush()
	sup := p.in("test:supervisors")
	if len(sup) != 1 || !strings.Contains(sup[0].text, "asks to make "+normal.Ref()+" urgent") {
		t.Fatalf("supervisors' chat %+v", sup)
	}
	if _, err := f.svc.AnswerUrgent(ctx, boss, normal.ID, 1, true); err != nil {
		t.Fatal(err)
	}
	flush()
	if p.edits[posts[1].id] != 1 || p.edits[sup[0].id] != 1 {
		t.Errorf("edits of the dispatch post %d, of the request %d; want 1 each", p.edits[posts[1].id], p.edits[sup[0].id])
	}
	var thread []string
	for _, m := range p.in("test:dispatch") {
		if m.replyTo == posts[1].id {
			thread = append(thread, m.text)
		}
	}
	if len(thread) != 2 || !strings.Contains(thread[0], "asked to make") || !strings.Contains(thread[1], "made urgent by") {
		t.Errorf("the thread of %s: %q", normal.Ref(), thread)
	}
}
