package slack_test

import (
	"strings"
	"testing"
)

// A 🎫 on what someone said in a channel starts a report for its author
// in their DM, with the message's words filled in; the dialogue goes on
// from there.
func TestTicketReactionStartsReport(t *testing.T) {
	d := newDesk(t)
	r := newRig(t, httpMode, d.engine, d.store)
	r.srv.AddChannel("C0GENERAL", "general")
	d.register(t, alice, "Alice")
	d.register(t, bo, "Bo")
	said, _ := r.srv.Say(alice, "C0GENERAL", "The heater in room 301 is cold.")
	r.srv.React(bo, said, "smile")
	r.srv.React(bo, said, "ticket")
	zones := r.said(alice, "Which zone?")
	r.said(alice, "The heater in room 301 is cold.")
	b, ok := zones.Button("A区 North")
	if !ok {
		t.Fatalf("zone buttons %+v", zones.Buttons())
	}
	n := r.count(alice)
	r.srv.Press(alice, zones, b)
	r.saidAfter(alice, n, "which building?")
	if got := r.srv.BotMessagesTo(bo); len(got) != 0 {
		t.Errorf("the person who reacted was told %q", bodies(got))
	}
	if strings.Contains(bodies(r.srv.BotMessagesTo(alice))[0], "smile") {
		t.Error("another reaction did something")
	}
}
