package desk_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
)

// The most specific queue wins: problem type and zone, over problem type
// alone, over zone alone; the oldest among equals; none for the default.
func TestRouteMostSpecific(t *testing.T) {
	qs := []desk.Queue{
		{ID: "q1", Name: "South team", Zones: []string{"B"}},
		{ID: "q2", Name: "Electricians", ProblemTypes: []string{"electrical"}},
		{ID: "q3", Name: "South electricians", ProblemTypes: []string{"electrical"}, Zones: []string{"B"}},
		{ID: "q4", Name: "Electricians too", ProblemTypes: []string{"electrical", "lighting"}},
		{ID: "q5", Name: "Nothing yet"},
		{ID: "q6", Name: "Plumbers in A", ProblemTypes: []string{"plumbing"}, Zones: []string{"A"}},
	}
	report := func(problem, zone string) desk.Report {
		return desk.Report{ProblemType: problem, Location: desk.Location{Zone: zone}}
	}
	for _, tc := range []struct {
		name, problem, zone, want string
	}{
		{"type-and-zone-over-type-over-zone", "electrical", "B", "q3"},
		{"type-over-nothing-oldest-among-equals", "electrical", "A", "q2"},
		{"second-type-of-a-queue", "lighting", "A", "q4"},
		{"zone-alone", "doors", "B", "q1"},
		{"type-and-zone-needs-both", "plumbing", "B", "q1"},
		{"type-and-zone-both-match", "plumbing", "A", "q6"},
		{"no-match-is-default", "doors", "C", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if q := desk.Route(qs, report(tc.problem, tc.zone)); q != nil {
				got = q.ID
			}
			if got != tc.want {
				t.Errorf("routed to %q, want %q", got, tc.want)
			}
		})
	}
}

// queueDesk is a desk with two queues on the embedded store: the zone
// queue of Tom and Sam (supervised by Sue) and the problem-type queue of
// Ann (supervised by Sid); Nat is a technician in no queue.
type queueDesk struct {
	svc                                *desk.Service
	root, amy, tom, sam, ann, nat, sue *desk.User
	zoneQ, typeQ                       desk.Queue
	report                             desk.Report
	cat                                desk.Catalog
}

func newQueueDesk(t *testing.T) *queueDesk {
	t.Helper()
	svc, store, report := deskOn(t)
	ctx := t.Context()
	d := &queueDesk{svc: svc, report: report}
	d.cat, _ = store.Catalog(ctx)
	d.root = person(t, svc, "root", desk.Profile{Name: "Root", Phone: "13600000000", Department: "Works"}, desk.RoleAdmin)
	d.amy = person(t, svc, "amy", desk.Profile{Name: "Amy", Phone: "13800001111", Department: "Works"})
	d.tom = person(t, svc, "tom", desk.Profile{Name: "Tom", Phone: "13800002222", Department: "Works"}, desk.RoleTechnician)
	d.sam = person(t, svc, "sam", desk.Profile{Name: "Sam", Phone: "13800002223", Department: "Works"}, desk.RoleTechnician)
	d.ann = person(t, svc, "ann", desk.Profile{Name: "Ann", Phone: "13800003333", Department: "Works"}, desk.RoleTechnician)
	d.nat = person(t, svc, "nat", desk.Profile{Name: "Nat", Phone: "13800004444", Department: "Works"}, desk.RoleTechnician)
	d.sue = person(t, svc, "sue", desk.Profile{Name: "Sue", Phone: "13800005555", Department: "Works"}, desk.RoleSupervisor)
	sid := person(t, svc, "sid", desk.Profile{Name: "Sid", Phone: "13800006666", Department: "Works"}, desk.RoleSupervisor)

	_, err := svc.SetSetting(ctx, d.root, "reportsPerHour", "100")
	must(t, err)
	d.zoneQ, err = svc.AddQueue(ctx, d.root, "South team")
	must(t, err)
	_, err = svc.EditQueue(ctx, d.root, d.zoneQ.ID, desk.SetZone(d.cat.Zones[1].Name, true))
	must(t, err)
	d.typeQ, err = svc.AddQueue(ctx, d.root, "Electricians")
	must(t, err)
	_, err = svc.EditQueue(ctx, d.root, d.typeQ.ID, desk.SetProblemType(d.cat.ProblemTypes[0], true))
	must(t, err)
	for _, m := range []struct {
		q    desk.Queue
		list desk.QueueMember
		who  *desk.User
	}{{d.zoneQ, desk.MemberTechnician, d.tom}, {d.zoneQ, desk.MemberTechnician, d.sam}, {d.zoneQ, desk.MemberSupervisor, d.sue},
		{d.typeQ, desk.MemberTechnician, d.ann}, {d.typeQ, desk.MemberSupervisor, sid}} {
		_, err := svc.SetQueueMember(ctx, d.root, m.q.ID, m.list, m.who.ID, true)
		must(t, err)
	}
	return d
}

// reportIn reports a fault of problem type p (by position) in zone z.
func (d *queueDesk) reportIn(t *testing.T, z, p int) *desk.Ticket {
	t.Helper()
	r := d.report
	r.Location.Zone, r.Location.Building, r.ProblemType = d.cat.Zones[z].Name, d.cat.Zones[z].Buildings[0], d.cat.ProblemTypes[p]
	tk, err := d.svc.Report(t.Context(), d.amy, r)
	must(t, err)
	return tk
}

// A ticket is routed when it is reported, and the queue is recorded on
// it; each technician's pool holds their queues' tickets, the default
// pool what no queue took; a supervisor sees everything; a claim from
// outside the queue is refused and changes nothing.
func TestQueuesRoutePoolAndClaim(t *testing.T) {
	d := newQueueDesk(t)
	ctx := t.Context()
	north := d.reportIn(t, 1, 2)  // the zone queue
	wiring := d.reportIn(t, 0, 0) // the type queue
	both := d.reportIn(t, 1, 0)   // the type queue's type in the zone queue's zone: the type is more specific
	other := d.reportIn(t, 0, 2)  // no queue
	for _, c := range []struct {
		tk   *desk.Ticket
		want string
	}{{north, d.zoneQ.ID}, {wiring, d.typeQ.ID}, {both, d.typeQ.ID}, {other, ""}} {
		stored, err := d.svc.Ticket(ctx, d.root, c.tk.ID)
		if err != nil {
			stored, err = d.svc.Ticket(ctx, d.sue, c.tk.ID)
		}
		must(t, err)
		got := ""
		if stored.Queue != nil {
			got = stored.Queue.ID
		}
		if got != c.want {
			t.Errorf("%s routed to %q, want %q", c.tk.Ref(), got, c.want)
		}
	}

	pool := func(u *desk.User) []string {
		ts, err := d.svc.Pool(ctx, u)
		must(t, err)
		return ids(ts)
	}
	for _, c := range []struct {
		who  *desk.User
		want []*desk.Ticket
	}{
		{d.tom, []*desk.Ticket{north}},
		{d.ann, []*desk.Ticket{wiring, both}},
		{d.nat, []*desk.Ticket{other}},
		{d.sue, []*desk.Ticket{north, wiring, both, other}},
	} {
		if got, want := pool(c.who), ids(c.want); !slices.Equal(got, want) {
			t.Errorf("%s's pool: %v, want %v", c.who.Name, got, want)
		}
	}

	// Ann is not in the north team: her claim is refused, the ticket is
	// as it was.
	before, _ := d.svc.Ticket(ctx, d.sue, north.ID)
	_, err := d.svc.Claim(ctx, d.ann, north.ID)
	var de *desk.Error
	if !errors.As(err, &de) || de.Kind != desk.ErrForbidden || de.Msg != "err.not_in_queue" {
		t.Fatalf("Ann's claim of %s: %v, want err.not_in_queue", north.Ref(), err)
	}
	after, _ := d.svc.Ticket(ctx, d.sue, north.ID)
	if after.Version != before.Version || after.State != desk.Pending || len(after.Outbox) != len(before.Outbox) {
		t.Errorf("a refused claim changed %s: version %d→%d, state %s", north.Ref(), before.Version, after.Version, after.State)
	}
	// Nat, in no queue, may claim the default pool's ticket but not a queue's.
	if _, err := d.svc.Claim(ctx, d.nat, wiring.ID); !errors.Is(err, desk.ErrForbidden) {
		t.Errorf("Nat claimed a queue's ticket: %v", err)
	}
	if _, err := d.svc.Claim(ctx, d.nat, other.ID); err != nil {
		t.Errorf("Nat's claim of the default ticket: %v", err)
	}
	// Sam, in the queue, claims; a supervisor may claim any ticket.
	if _, err := d.svc.Claim(ctx, d.sam, north.ID); err != nil {
		t.Errorf("Sam's claim: %v", err)
	}
	if _, err := d.svc.Claim(ctx, d.sue, wiring.ID); err != nil {
		t.Errorf("Sue's claim of another queue's ticket: %v", err)
	}
	// A supervisor may assign a queue's ticket to any technician.
	if _, err := d.svc.Assign(ctx, d.sue, both.ID, d.nat.ID); err != nil {
		t.Errorf("assigning outside the queue: %v", err)
	}

	// Removing a queue sends its live tickets back to the default: they
	// keep the queue's name, and technicians in no queue see and claim
	// them.
	late := d.reportIn(t, 1, 3)
	must(t, d.svc.RemoveQueue(ctx, d.root, d.zoneQ.ID))
	if got := pool(d.nat); !slices.Contains(got, late.ID) {
		t.Errorf("after the queue was removed, Nat's pool %v lacks %s", got, late.ID)
	}
	if got := pool(d.tom); !slices.Equal(got, []string{late.ID}) {
		t.Errorf("after his queue was removed, Tom (in none now) sees %v", got)
	}
	stored, _ := d.svc.Ticket(ctx, d.sue, late.ID)
	if stored.Queue == nil || stored.Queue.Name != "South team" {
		t.Errorf("the removed queue's ticket lost its queue's name: %+v", stored.Queue)
	}
	if _, err := d.svc.Claim(ctx, d.ann, late.ID); err != nil {
		t.Errorf("a claim of a removed queue's ticket: %v", err)
	}
	// A new ticket of that zone now goes to the default.
	if tk := d.reportIn(t, 1, 2); tk.Queue != nil {
		t.Errorf("a ticket reported after the removal went to %+v", tk.Queue)
	}
}

// An escalation's first tier owes a notice to each supervisor of the
// ticket's queue; a queue with none (or gone) owes it to the channel.
func TestRemindQueueSupervisors(t *testing.T) {
	d := newQueueDesk(t)
	ctx := t.Context()
	north := d.reportIn(t, 1, 2)
	other := d.reportIn(t, 0, 2)
	always := func(*desk.Ticket) bool { return true }
	for _, tk := range []*desk.Ticket{north, other} {
		done, err := d.svc.Remind(ctx, tk.ID, desk.RuleEscalate, "escalate", always, desk.ToQueueSupervisor)
		must(t, err)
		if !done {
			t.Fatalf("%s: not reminded", tk.Ref())
		}
	}
	owed := func(id string) []desk.Notice {
		tk, err := d.svc.Ticket(ctx, d.sue, id)
		must(t, err)
		return tk.Outbox[1:] // after the dispatch post
	}
	if got := owed(north.ID); len(got) != 1 || got[0].To != desk.ToQueueSupervisor || got[0].User.ID != d.sue.ID {
		t.Errorf("the north ticket's escalation: %+v, want one to Sue", got)
	}
	if got := owed(other.ID); len(got) != 1 || got[0].To != desk.ToSupervisors {
		t.Errorf("the default ticket's escalation: %+v, want the supervisors' channel", got)
	}
}

// Only an admin changes queues; bad input is refused with a reason and
// changes nothing.
func TestQueueAdminRules(t *testing.T) {
	d := newQueueDesk(t)
	ctx := t.Context()
	if _, err := d.svc.AddQueue(ctx, d.sue, "Mine"); !errors.Is(err, desk.ErrForbidden) {
		t.Errorf("a supervisor added a queue: %v", err)
	}
	if err := d.svc.RemoveQueue(ctx, d.tom, d.typeQ.ID); !errors.Is(err, desk.ErrForbidden) {
		t.Errorf("a technician removed a queue: %v", err)
	}
	for name, c := range map[string]struct {
		edit desk.QueueEdit
		msg  string
	}{
		"duplicate-name":    {desk.RenameQueue("south TEAM"), "err.queue_exists"},
		"unknown-type":      {desk.SetProblemType("Juggling", true), "err.no_entry"},
		"unknown-zone":      {desk.SetZone("Z", true), "err.no_entry"},
		"bad-telegram-chat": {desk.SetQueueChat("telegram", "@electricians"), "err.bad_chat_telegram"},
		"bad-slack-channel": {desk.SetQueueChat("slack", "#electricians"), "err.bad_chat_slack"},
		"empty-name":        {desk.RenameQueue("  "), "err.empty"},
		"unknown-platform":  {desk.SetQueueChat("fax", "1"), "err.unknown_list"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := d.svc.EditQueue(ctx, d.root, d.typeQ.ID, c.edit)
			var de *desk.Error
			if !errors.As(err, &de) || de.Msg != c.msg {
				t.Errorf("got %v, want %s", err, c.msg)
			}
		})
	}
	if _, err := d.svc.SetQueueMember(ctx, d.root, d.typeQ.ID, desk.MemberSupervisor, d.tom.ID, true); err == nil {
		t.Error("a technician became a queue's supervisor")
	}
	qs, _ := d.svc.Queues(ctx)
	if q := qs[1]; q.Name != "Electricians" || len(q.Chats) != 0 || len(q.Supervisors) != 1 {
		t.Errorf("refused edits changed the queue: %+v", q)
	}
	// Chats: one per platform, replaced and cleared.
	q, err := d.svc.EditQueue(ctx, d.root, d.typeQ.ID, desk.SetQueueChat("telegram", "-100123"))
	must(t, err)
	q, err = d.svc.EditQueue(ctx, d.root, q.ID, desk.SetQueueChat("slack", "c0elec"))
	must(t, err)
	q, err = d.svc.EditQueue(ctx, d.root, q.ID, desk.SetQueueChat("telegram", "-100456"))
	must(t, err)
	if !slices.Equal(q.Chats, []string{"slack:C0ELEC", "telegram:-100456"}) {
		t.Errorf("chats %v", q.Chats)
	}
	q, err = d.svc.EditQueue(ctx, d.root, q.ID, desk.SetQueueChat("slack", "-"))
	must(t, err)
	if !slices.Equal(q.Chats, []string{"telegram:-100456"}) || q.Chat("slack") != "" || q.Chat("telegram") != "telegram:-100456" {
		t.Errorf("chats after clearing Slack: %v", q.Chats)
	}
	// Taking a type off.
	q, err = d.svc.EditQueue(ctx, d.root, q.ID, desk.SetProblemType(d.cat.ProblemTypes[0], false))
	must(t, err)
	if len(q.ProblemTypes) != 0 {
		t.Errorf("types after taking it off: %v", q.ProblemTypes)
	}
}

// A queue's supervisor who is a supervisor no more is not asked to
// assign: the escalation goes to the supervisors' channel instead.
func TestQueueSupervisorWithoutTheRoleIsPassedOver(t *testing.T) {
	d := newQueueDesk(t)
	ctx := t.Context()
	north := d.reportIn(t, 1, 2)
	if _, err := d.svc.Grant(ctx, d.root, d.sue.ID, desk.RoleSupervisor, false); err != nil {
		t.Fatal(err)
	}
	always := func(*desk.Ticket) bool { return true }
	if _, err := d.svc.Remind(ctx, north.ID, desk.RuleEscalate, "escalate", always, desk.ToQueueSupervisor); err != nil {
		t.Fatal(err)
	}
	tk, err := d.svc.Ticket(ctx, d.root, north.ID)
	must(t, err)
	if got := tk.Outbox[1:]; len(got) != 1 || got[0].To != desk.ToSupervisors {
		t.Errorf("escalation of a queue whose supervisor lost the role: %+v, want the supervisors' channel", got)
	}
}

// A queue's technician who links their account into another person
// (Link) is that person in the queue from then on: the queue lists the
// person merged into, who sees its tickets in /pool and may claim them.
func TestLinkedTechnicianKeepsTheirQueue(t *testing.T) {
	d := newQueueDesk(t)
	ctx := t.Context()
	south := d.reportIn(t, 1, 2)
	code, err := d.svc.LinkCode(ctx, d.nat)
	must(t, err)
	nat, err := d.svc.Link(ctx, d.tom, "test:tom", code)
	must(t, err)
	qs, err := d.svc.Queues(ctx)
	must(t, err)
	for _, q := range qs {
		if q.ID == d.zoneQ.ID && (!slices.Contains(q.Technicians, nat.ID) || slices.Contains(q.Technicians, d.tom.ID)) {
			t.Errorf("the queue lists %v, want %s in place of %s", q.Technicians, nat.ID, d.tom.ID)
		}
	}
	pool, err := d.svc.Pool(ctx, nat)
	must(t, err)
	if !slices.ContainsFunc(pool, func(tk *desk.Ticket) bool { return tk.ID == south.ID }) {
		t.Errorf("the merged technician's pool lacks %s of their queue", south.Ref())
	}
	if _, err := d.svc.Claim(ctx, nat, south.ID); err != nil {
		t.Errorf("the merged technician cannot claim their queue's ticket: %v", err)
	}

	// A queue that still lists the person merged away (linked before
	// Link moved the lists) lets the person merged into claim too.
	_, err = d.svc.EditQueue(ctx, d.root, d.zoneQ.ID, func(q *desk.Queue, _ desk.Catalog) error {
		q.Technicians = []string{d.tom.ID, d.sam.ID}
		return nil
	})
	must(t, err)
	later := d.reportIn(t, 1, 2)
	pool, err = d.svc.Pool(ctx, nat)
	must(t, err)
	if !slices.ContainsFunc(pool, func(tk *desk.Ticket) bool { return tk.ID == later.ID }) {
		t.Errorf("listed under the account merged away, the technician's pool lacks %s", later.Ref())
	}
	if _, err := d.svc.Claim(ctx, nat, later.ID); err != nil {
		t.Errorf("listed under the account merged away, the technician cannot claim: %v", err)
	}
	if _, err := d.svc.Claim(ctx, d.ann, d.reportIn(t, 1, 2).ID); !errors.Is(err, desk.ErrForbidden) {
		t.Errorf("a technician of another queue claimed: %v, want forbidden", err)
	}
}
