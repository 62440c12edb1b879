package slack_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/desk"
)

// A supervisor who presses "Reject" in the supervisors' channel is asked
// for the note in a modal, not sent to the DM. Closing the modal drops the
// rejection (and the next DM is not taken for a note); a blank note keeps
// the modal open with a word beside the field; someone else's submission
// of the same modal changes nothing; the note sent rejects the request,
// confirmed in the DM. A requester's press of "Reject" opens nothing.
func TestRejectionNoteInAModal(t *testing.T) {
	inBothModes(t, testRejectionNoteInAModal)
}

func testRejectionNoteInAModal(t *testing.T, m mode) {
	d := newDesk(t)
	r := newRig(t, m, d.engine, d.store)
	const tom, sue = "U0TOM", "U0SUE"
	r.srv.AddUser(fakeslack.User{ID: tom, RealName: "Tom", Locale: "en-GB"})
	r.srv.AddUser(fakeslack.User{ID: sue, RealName: "Sue", Locale: "en-GB"})
	requester := d.register(t, alice, "Alice")
	tech := d.register(t, tom, "Tom", desk.RoleTechnician)
	d.register(t, sue, "Sue", desk.RoleSupervisor)
	ctx := t.Context()
	tk, err := d.svc.Report(ctx, requester, leakingTap)
	if err == nil {
		_, err = d.svc.Claim(ctx, tech, tk.ID)
	}
	if err == nil {
		_, err = d.svc.RequestSuspension(ctx, tech, tk.ID, "The washer is on order", nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	d.notices(t, r)()
	post, ok := r.srv.Last(supervisor)
	reject, ok2 := post.Button("Reject")
	if !ok || !ok2 {
		t.Fatalf("no Reject button in the supervisors' channel: %+v", r.srv.MessagesIn(supervisor))
	}
	review := func() desk.Review {
		t.Helper()
		got, err := d.store.Get(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.LastSuspension().Review
	}
	modal := func(n int) fakeslack.View {
		t.Helper()
		if !r.srv.WaitFor(wait, func() bool { return len(r.srv.Modals()) >= n }) {
			t.Fatalf("modal %d not opened; views.open calls %+v", n, r.srv.Calls("views.open"))
		}
		return r.srv.Modals()[n-1]
	}

	// A requester's press opens nothing and changes nothing.
	r.srv.Press(alice, post, reject)
	r.said(alice, "You are not allowed to do that.")

	r.srv.Press(sue, post, reject)
	first := modal(1)
	if first.User != sue || first.CallbackID == "report_form" || !first.NotifyOnClose || first.Title != "Reject "+tk.Ref() ||
		len(first.Blocks) != 1 || first.Blocks[0].Label == nil || first.Blocks[0].Label.Text != "Your note for rejecting the suspension of "+tk.Ref()+":" {
		t.Fatalf("the modal: %+v", first)
	}
	for _, msg := range r.srv.BotMessagesTo(sue) {
		if strings.Contains(msg.Body(), "Your note for rejecting") {
			t.Errorf("the question was also asked in the DM: %q", msg.Body())
		}
	}

	// Closed: the rejection is dropped, and what Sue types next is not
	// taken for the note.
	n := r.count(sue)
	r.acked(r.srv.CloseModal(sue, first))
	r.saidAfter(sue, n, "Dropped.")
	r.srv.SendDM(sue, "tap washer")
	r.saidAfter(sue, n+1, "")
	if got := review(); got != desk.ReviewWaiting {
		t.Fatalf("after closing the modal the review is %q", got)
	}

	r.srv.Press(sue, post, reject)
	second := modal(2)
	blank := r.srv.Submit(sue, second, map[string]string{"answer": "   "})
	r.acked(blank)
	var answer struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if _, raw := r.srv.Answer(blank); json.Unmarshal(raw, &answer) != nil || answer.Errors["answer"] != "Please fill this in" {
		t.Errorf("a blank note answered %s", raw)
	}

	// Someone else submitting Sue's modal: a form of no question of theirs.
	r.acked(r.srv.Submit(alice, second, map[string]string{"answer": "Approve it yourself"}))
	r.said(alice, "That form belonged to an earlier question; nothing was changed.")
	if got := review(); got != desk.ReviewWaiting {
		t.Fatalf("after a forged submission the review is %q", got)
	}

	n = r.count(sue)
	sent := r.srv.Submit(sue, second, map[string]string{"answer": "Please fit a temporary washer today."})
	r.acked(sent)
	if _, raw := r.srv.Answer(sent); len(strings.TrimSpace(string(raw))) != 0 && strings.TrimSpace(string(raw)) != "null" {
		t.Errorf("a good note answered %s, want nothing (the modal closes)", raw)
	}
	r.saidAfter(sue, n, "Suspension of "+tk.Ref()+" rejected.")
	got, err := d.store.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s := got.LastSuspension(); s.Review != desk.ReviewRejected || s.Note != "Please fit a temporary washer today." || got.State != desk.Accepted {
		t.Fatalf("after the note: state %s, suspension %+v", got.State, s)
	}
}
