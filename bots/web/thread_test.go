package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
)

// In the web chat a group reads one thread per ticket too: what the desk
// says about a ticket answers its post, a technician's reply in that
// thread reaches the requester, and the requester's answer comes back
// into it.
func TestRepliesThroughTheThread(t *testing.T) {
	s := newSite(t)
	ctx := t.Context()
	u, err := s.svc.Account(ctx, "web:xiaoming", "")
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := s.svc.Catalog(ctx)
	tk, err := s.svc.Report(ctx, u, desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "门锁坏了", Description: "关不上。", Contact: "13800000000"})
	if err != nil {
		t.Fatal(err)
	}
	s.flush()
	post := s.last("li", "dispatch")
	s.action("li", "dispatch", "claim")
	s.flush()

	r := s.post(map[string]string{"person": "li", "chat": "web:dispatch", "kind": "text", "text": "下午三点到。", "replyTo": post.ID})
	if r.Status != http.StatusOK {
		t.Fatalf("a reply in the thread: status %d", r.Status)
	}
	s.flush()
	if got := s.last("xiaoming", ""); !strings.Contains(got.Text, "下午三点到。") || !strings.Contains(got.Text, tk.Ref()) {
		t.Errorf("the requester was not told: %+v", got)
	}
	s.press("xiaoming", "", func(tok string) bool { return tok == "t:reply:"+tk.ID })
	s.say("xiaoming", "", "好的，门开着。")
	s.flush()
	ms := s.messages("li", "dispatch")
	for _, m := range ms[1:] {
		if m.ReplyTo != post.ID {
			t.Errorf("not in the ticket's thread: %+v", m)
		}
	}
	if last := ms[len(ms)-1]; !strings.Contains(last.Text, "好的，门开着。") {
		t.Errorf("the requester's answer is not in the thread: %+v", last)
	}
}
