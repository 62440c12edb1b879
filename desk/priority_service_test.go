package desk_test

import (
	"errors"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// Through the store: a report marked urgent is urgent from the start and
// first in the pool; 🚨 asks, and only a supervisor's confirmation of the
// request still waiting raises the priority, once; a supervisor lowers
// it with a reason.
func TestUrgentThroughTheStore(t *testing.T) {
	d := newStoreDesk(t)
	ctx := t.Context()
	svc, store, people, report := d.svc, d.store, d.people, d.report
	normal, err := svc.Report(ctx, people["owner"], report)
	if err != nil {
		t.Fatal(err)
	}
	d.now = d.now.Add(time.Minute)
	if _, err := svc.ReportUrgent(ctx, people["owner"], report, "k1", "  "); !errors.Is(err, desk.ErrInvalid) {
		t.Fatalf("urgent without a reason: %v", err)
	}
	urgent, err := svc.ReportUrgent(ctx, people["owner"], report, "k1", "Water on the sockets")
	if err != nil {
		t.Fatal(err)
	}
	again, err := svc.ReportUrgent(ctx, people["owner"], report, "k1", "Water on the sockets")
	if err != nil || again.ID != urgent.ID {
		t.Fatalf("the same report filed again opened %v (%v), want %s", again, err, urgent.Ref())
	}
	if !urgent.Urgent() || urgent.UrgentReason != "Water on the sockets" {
		t.Fatalf("reported urgent: %+v", urgent)
	}
	pool, err := svc.Pool(ctx, people["tech"])
	if err != nil || len(pool) != 2 || pool[0].ID != urgent.ID || pool[1].ID != normal.ID {
		t.Fatalf("pool %v (%v): the urgent ticket first", urgentRefs(pool), err)
	}

	if _, err := svc.AnswerUrgent(ctx, people["boss"], normal.ID, 1, true); !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("confirming a request never made: %v", err)
	}
	if _, err := svc.AskUrgent(ctx, people["tech"], normal.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AskUrgent(ctx, people["owner"], normal.ID); !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("a second request while one waits: %v", err)
	}
	for _, who := range []string{"owner", "tech"} {
		if _, err := svc.AnswerUrgent(ctx, people[who], normal.ID, 1, true); !errors.Is(err, desk.ErrForbidden) {
			t.Fatalf("%s confirmed: %v", who, err)
		}
	}
	stored, _ := store.Get(ctx, normal.ID)
	if stored.Urgent() {
		t.Fatal("a forged confirmation made it urgent")
	}
	raised, err := svc.AnswerUrgent(ctx, people["boss"], normal.ID, 1, true)
	if err != nil || !raised.Urgent() {
		t.Fatalf("confirmed: %v, %v", raised, err)
	}
	outbox := len(raised.Outbox)
	if _, err := svc.AnswerUrgent(ctx, people["boss"], normal.ID, 1, true); !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("confirmed twice: %v", err)
	}
	stored, _ = store.Get(ctx, normal.ID)
	if len(stored.Outbox) != outbox || stored.PriorityAsks[0].Answer != desk.AskConfirmed {
		t.Fatalf("the second confirmation changed the ticket: %d notices, was %d; %+v", len(stored.Outbox), outbox, stored.PriorityAsks)
	}

	if _, err := svc.SetPriority(ctx, people["tech"], urgent.ID, desk.PriorityNormal, "not really"); !errors.Is(err, desk.ErrForbidden) {
		t.Fatalf("a technician lowered it: %v", err)
	}
	if _, err := svc.SetPriority(ctx, people["boss"], urgent.ID, desk.PriorityNormal, ""); !errors.Is(err, desk.ErrInvalid) {
		t.Fatalf("lowered without a reason: %v", err)
	}
	lowered, err := svc.SetPriority(ctx, people["boss"], urgent.ID, desk.PriorityNormal, "Unplugged")
	if err != nil || lowered.Urgent() {
		t.Fatalf("lowered: %v, %v", lowered, err)
	}
	if lowered.UrgentReason != "" {
		t.Fatalf("a lowered ticket still says why it is urgent: %q", lowered.UrgentReason)
	}
	reraised, err := svc.SetPriority(ctx, people["boss"], urgent.ID, desk.PriorityUrgent, "Sparks again")
	if err != nil || !reraised.Urgent() || reraised.UrgentReason != "Sparks again" {
		t.Fatalf("raised by a supervisor: %+v, %v", reraised, err)
	}
	if _, err := svc.SetPriority(ctx, people["boss"], urgent.ID, desk.PriorityNormal, "Unplugged"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetPriority(ctx, people["boss"], urgent.ID, desk.PriorityNormal, "again"); !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("lowered twice: %v", err)
	}
	pool, _ = svc.Pool(ctx, people["tech"])
	if len(pool) != 2 || pool[0].ID != normal.ID {
		t.Fatalf("pool %v: the ticket made urgent first", urgentRefs(pool))
	}
}

func urgentRefs(ts []*desk.Ticket) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Ref())
	}
	return out
}
