package slack_test

import (
	"testing"
)

// The report form has a field for why the report is urgent: filled in,
// the ticket is urgent for that reason; left empty, it is not.
func TestReportFormMarksUrgent(t *testing.T) {
	d := newDesk(t)
	r := newRig(t, httpMode, d.engine, d.store)
	d.register(t, alice, "Alice")
	user, _ := d.svc.Account(t.Context(), "slack:"+team+"/"+alice, "en")
	for i, reason := range []string{"", "  Sparks from the socket  "} {
		r.srv.Command(alice, "", "form")
		if !r.srv.WaitFor(wait, func() bool { return len(r.srv.Modals()) == i+1 }) {
			t.Fatalf("no form opened")
		}
		form := r.srv.Modals()[i]
		found := false
		for _, b := range form.Blocks {
			found = found || (b.BlockID == "urgent" && b.Element != nil)
		}
		if !found {
			t.Fatalf("the form has no urgent field: %+v", form.Blocks)
		}
		n := r.count(alice)
		r.acked(r.srv.Submit(alice, form, map[string]string{"where": "A区 North|A2 图书馆 Library", "problem": "电气 Electrical",
			"title": "Socket", "description": "The socket by the door", "contact": "13800001111", "urgent": reason}))
		r.saidAfter(alice, n, "Submitted, waiting for a technician to claim it. Ticket #")
	}
	mine, err := d.svc.Mine(t.Context(), user, "", 10)
	if err != nil || len(mine) != 2 {
		t.Fatalf("tickets %+v %v", mine, err)
	}
	// Newest first.
	if urgent, normal := mine[0], mine[1]; !urgent.Urgent() || urgent.UrgentReason != "Sparks from the socket" || normal.Urgent() {
		t.Errorf("urgent %v (%q), normal %v", urgent.Urgent(), urgent.UrgentReason, normal.Urgent())
	}
}
