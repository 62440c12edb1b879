package slack_test

import (
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/desk"
)

// Emoji on a dispatch post, over both of Slack's ways of delivering
// events: 👀 by a requester is refused in a message only they see and
// claims nothing; another emoji does nothing; 👀 by a technician claims
// the ticket, once, even when Slack delivers the event again; 🚨 by
// the requester asks the supervisors, by a stranger nothing; the same emoji on someone's message in the
// channel is people talking.
func TestReactionsOnTheDispatchPost(t *testing.T) {
	inBothModes(t, testReactions)
}

func testReactions(t *testing.T, m mode) {
	d := newDesk(t)
	r := newRig(t, m, d.engine, d.store)
	r.srv.AddUser(fakeslack.User{ID: "U0TOM", RealName: "Tom", Locale: "en-GB"})
	requester := d.register(t, alice, "Alice")
	d.register(t, bo, "Bo")
	d.register(t, "U0TOM", "Tom", desk.RoleTechnician)
	ctx := t.Context()
	report := leakingTap
	tk, err := d.svc.Report(ctx, requester, report)
	if err != nil {
		t.Fatal(err)
	}
	other, err := d.svc.Report(ctx, requester, report)
	if err != nil {
		t.Fatal(err)
	}
	flush := d.notices(t, r)
	flush()
	var post, otherPost fakeslack.Message
	for _, p := range r.srv.TopLevel(dispatch) {
		switch {
		case strings.Contains(p.Body(), tk.Ref()):
			post = p
		case strings.Contains(p.Body(), other.Ref()):
			otherPost = p
		}
	}
	if post.TS == "" || otherPost.TS == "" {
		t.Fatalf("dispatch channel: %+v", r.srv.MessagesIn(dispatch))
	}
	stored := func() *desk.Ticket {
		t.Helper()
		got, err := d.store.Get(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	r.srv.React(bo, post, "eyes")
	if !r.srv.WaitFor(wait, func() bool {
		es := r.srv.Ephemerals(bo)
		return len(es) == 1 && es[0].Channel == dispatch && es[0].Body() == "You are not allowed to do that."
	}) {
		t.Fatalf("the requester's 👀 was not answered in the channel: %+v", r.srv.Ephemerals(bo))
	}
	r.srv.React("U0TOM", post, "smile")
	said, _ := r.srv.Say(bo, dispatch, "Is anyone coming?")
	r.srv.React("U0TOM", said, "eyes")
	time.Sleep(300 * time.Millisecond) // for anything they might wrongly cause
	if got := stored(); got.State != desk.Pending {
		t.Fatalf("claimed by a refused or foreign reaction: %s", got.State)
	}
	if n := len(r.srv.BotMessagesTo("U0TOM")) + len(r.srv.Ephemerals("U0TOM")); n != 0 {
		t.Fatalf("a reaction that is nothing to the desk was answered %d times", n)
	}

	first := r.srv.React("U0TOM", post, "eyes")
	r.said("U0TOM", "You claimed "+tk.Ref())
	r.srv.Redeliver(first)
	time.Sleep(300 * time.Millisecond)
	got := stored()
	claims := 0
	for _, e := range got.History {
		if e.Action == desk.ActClaim {
			claims++
		}
	}
	if got.State != desk.Accepted || claims != 1 {
		t.Fatalf("after 👀 delivered twice: %s with %d claims", got.State, claims)
	}

	// 🚨 by someone with no part in the ticket is refused; by its
	// requester, a request to the supervisors.
	r.srv.React(bo, otherPost, "rotating_light")
	if !r.srv.WaitFor(wait, func() bool { return len(r.srv.Ephemerals(bo)) == 2 }) {
		t.Fatalf("🚨 by a stranger: %+v", r.srv.Ephemerals(bo))
	}
	r.srv.React(alice, otherPost, "rotating_light")
	r.said(alice, "Asked a supervisor to make "+other.Ref()+" urgent.")
	if asked, _ := d.store.Get(ctx, other.ID); asked.WaitingAsk() != 1 || asked.Urgent() {
		t.Fatalf("🚨 by the requester: %+v, urgent %v", asked.PriorityAsks, asked.Urgent())
	}
}
