package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
)

// A ticket from report to rating, each person acting in the pane where
// they would: the requester in private, the technician in the dispatch
// chat, the supervisor in the supervisors' channel.
func TestTicketAcrossPanes(t *testing.T) {
	s := newSite(t)

	// The requester reports a fault with a photo.
	s.say("xiaoming", "", "/report")
	s.answer("xiaoming", "0") // zone
	s.answer("xiaoming", "0") // building
	s.say("xiaoming", "", "101")
	s.answer("xiaoming", "skip") // address
	s.answer("xiaoming", "0")    // problem type
	s.say("xiaoming", "", "门锁坏了")
	s.say("xiaoming", "", "101 室的门锁关不上。")
	if hasAnswer(s.last("xiaoming", ""), "go") { // the FAQ had something to offer
		s.answer("xiaoming", "go")
	}
	if r := s.upload("xiaoming", "", pngBytes); r.Status != http.StatusOK {
		t.Fatalf("upload: status %d %q", r.Status, r.Toast)
	}
	mine := s.messages("xiaoming", "")
	sent := mine[len(mine)-2]
	if sent.From != "xiaoming" || len(sent.Photos) != 1 {
		t.Fatalf("the photo is not shown as sent by the requester: %+v", sent)
	}
	photo := sent.Photos[0]
	s.answer("xiaoming", "done")
	s.answer("xiaoming", "any")
	s.answer("xiaoming", "profile")
	s.answer("xiaoming", "submit")
	if got := s.last("xiaoming", "").Text; !strings.Contains(got, "#") {
		t.Fatalf("no ticket number after submitting: %q", got)
	}
	tickets, err := s.store.Live(t.Context(), desk.Filter{})
	if err != nil || len(tickets) != 1 {
		t.Fatalf("live tickets: %v, %v", tickets, err)
	}
	id := tickets[0].ID

	// Nothing reaches the groups until the dispatcher delivers.
	if n := len(s.messages("li", "dispatch")); n != 0 {
		t.Fatalf("dispatch shows %d messages before delivery", n)
	}
	s.flush()
	post := s.last("li", "dispatch")
	if !strings.Contains(post.Text, "门锁坏了") || !slices.Equal(post.Photos, []string{photo}) || !hasToken(post, "t:claim:"+id) {
		t.Fatalf("dispatch post: %+v", post)
	}
	if s.last("sam", "dispatch").ID != post.ID {
		t.Error("the dispatch chat differs between people")
	}

	// The requester may not claim: told so, politely, in private.
	if r := s.action("xiaoming", "dispatch", "claim"); r.Toast == "" {
		t.Error("a refused claim has no toast")
	}
	if tk, _ := s.store.Get(t.Context(), id); tk.State != desk.Pending {
		t.Fatalf("the requester's press changed the ticket to %s", tk.State)
	}

	// The first technician to press Claim wins.
	if r := s.action("li", "dispatch", "claim"); !strings.Contains(r.Toast, "#"+id) {
		t.Errorf("claim toast: %q", r.Toast)
	}
	if r := s.action("sam", "dispatch", "claim"); !strings.Contains(r.Toast, "李师傅") {
		t.Errorf("second claim toast should name who has it: %q", r.Toast)
	}
	// The dispatch post now says who claimed it, and keeps its photo.
	s.flush()
	if claimed := s.byID("li", "dispatch", post.ID); !strings.Contains(claimed.Text, "李师傅") || !slices.Equal(claimed.Photos, []string{photo}) {
		t.Errorf("the claimed dispatch post: %+v, want its photo kept", claimed)
	}
	if !hasToken(s.last("li", ""), "t:suspend:"+id) {
		t.Fatalf("the technician's private chat has no job card: %s", dump(s.messages("li", "")))
	}
	s.flush()
	claimed := s.byID("sam", "dispatch", post.ID)
	if claimed.ID != post.ID || !claimed.Edited || hasToken(claimed, "t:claim:"+id) || !strings.Contains(claimed.Text, "李师傅") {
		t.Fatalf("the dispatch post was not changed in place to claimed: %+v", claimed)
	}
	if got := s.last("xiaoming", "").Text; !strings.Contains(got, "李师傅") {
		t.Errorf("the requester was not told who claimed: %q", got)
	}

	// The technician asks to suspend; the supervisor approves in the
	// supervisors' channel.
	s.action("li", "", "suspend")
	s.say("li", "", "缺少锁芯，需要采购。")
	s.answer("li", "done")
	s.answer("li", "yes")
	if n := len(s.messages("chen", "supervisors")); n != 0 {
		t.Fatalf("supervisors see %d messages before delivery", n)
	}
	s.flush()
	request := s.last("chen", "supervisors")
	if !strings.Contains(request.Text, "缺少锁芯") || !hasToken(request, "t:approve:"+id) {
		t.Fatalf("suspension request: %+v", request)
	}
	if r := s.action("li", "supervisors", "approve"); r.Toast == "" {
		t.Error("a technician approving is not refused with a toast")
	}
	s.action("chen", "supervisors", "approve")
	s.flush()
	if got := s.byID("chen", "supervisors", request.ID); got.ID != request.ID || !got.Edited || hasToken(got, "t:approve:"+id) {
		t.Errorf("the request was not changed in place to reviewed: %+v", got)
	}
	if tk, _ := s.store.Get(t.Context(), id); tk.State != desk.Suspended {
		t.Fatalf("after approval the ticket is %s", tk.State)
	}

	// Resume from the approval notice, complete, rate.
	s.action("li", "", "resume")
	s.action("li", "", "detail")
	s.action("li", "", "complete")
	s.answer("li", "0")
	s.say("li", "", "更换了锁芯。")
	s.answer("li", "done")
	s.flush()
	s.press("xiaoming", "", func(tok string) bool { return tok == "t:rate:"+id+":5" })
	s.say("xiaoming", "", "很快，谢谢！")
	tk, err := s.store.Get(t.Context(), id)
	if err != nil || tk.State != desk.Completed || tk.Rating == nil || tk.Rating.Stars != 5 {
		t.Fatalf("after rating: %+v, %v", tk, err)
	}
	s.flush()

	// Each pane shows what it should: the groups hold only group posts,
	// and what a person typed in private stays there. Each group holds
	// one post about the ticket, and its thread: everything else there
	// answers it.
	for _, g := range []string{"dispatch", "supervisors"} {
		ms := s.messages("chen", g)
		for i, m := range ms {
			if m.From != "" {
				t.Errorf("a private message leaked into %s: %+v", g, m)
			}
			if i > 0 && m.ReplyTo != ms[0].ID {
				t.Errorf("%s message %d is not in the ticket's thread: %+v", g, i, m)
			}
		}
	}
	if n := len(s.messages("chen", "dispatch")); n < 6 {
		t.Errorf("the dispatch thread has %d messages; want the post, the claim, the suspension asked and approved, resumed, completed, rated", n)
	}
	for _, m := range s.messages("li", "") {
		if m.From != "" && m.From != "li" {
			t.Errorf("someone else's message is in the technician's private chat: %+v", m)
		}
	}
	if got := s.last("li", "").Text; !strings.Contains(got, "很快") {
		t.Errorf("the technician was not told of the rating: %q", got)
	}
}

func hasToken(m msg, token string) bool {
	for _, r := range m.Rows {
		for _, b := range r.Buttons {
			if b.Token == token {
				return true
			}
		}
	}
	return false
}

func hasAnswer(m msg, value string) bool {
	for _, r := range m.Rows {
		for _, b := range r.Buttons {
			if strings.HasPrefix(b.Token, "d:") && strings.HasSuffix(b.Token, ":"+value) {
				return true
			}
		}
	}
	return false
}
