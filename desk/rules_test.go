package desk

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The people of the table: the requester who reported, another requester,
// the technician holding the job, another technician, a supervisor and an
// admin.
var (
	owner      = &User{ID: "owner", Name: "Owner"}
	stranger   = &User{ID: "stranger", Name: "Stranger"}
	holder     = &User{ID: "holder", Name: "Holder", Roles: []Role{RoleTechnician}}
	otherTech  = &User{ID: "tech2", Name: "Tech Two", Roles: []Role{RoleTechnician}}
	supervisor = &User{ID: "boss", Name: "Boss", Roles: []Role{RoleSupervisor}}
	admin      = &User{ID: "admin", Name: "Admin", Roles: []Role{RoleAdmin}}
	people     = map[string]*User{"owner": owner, "stranger": stranger, "holder": holder, "tech2": otherTech, "boss": supervisor, "admin": admin}
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// situations are the states a ticket can be in, built as the desk builds
// them, each three hours old so that urging is allowed.
func situations() map[string]*Ticket {
	mk := func() *Ticket {
		return &Ticket{ID: "1042", Number: 1042, State: Pending, Version: 1, CreatedAt: t0,
			Requester: Person{ID: owner.ID, Name: owner.Name}, Report: Report{Title: "Leak"}}
	}
	c := func(u *User) change {
		return change{actor: u, now: t0.Add(time.Minute), text: "why", rtype: "Repair", stars: 5, target: otherTech}
	}
	pending := mk()
	accepted := mk()
	apply(accepted, ActClaim, c(holder))
	waiting := mk()
	apply(waiting, ActClaim, c(holder))
	apply(waiting, ActSuspend, c(holder))
	suspended := mk()
	apply(suspended, ActClaim, c(holder))
	apply(suspended, ActSuspend, c(holder))
	apply(suspended, ActApprove, c(supervisor))
	completed := mk()
	apply(completed, ActClaim, c(holder))
	apply(completed, ActComplete, c(holder))
	rated := mk()
	apply(rated, ActClaim, c(holder))
	apply(rated, ActComplete, c(holder))
	apply(rated, ActRate, c(owner))
	cancelled := mk()
	apply(cancelled, ActCancel, c(owner))
	return map[string]*Ticket{"pending": pending, "accepted": accepted, "waiting": waiting,
		"suspended": suspended, "completed": completed, "rated": rated, "cancelled": cancelled}
}

// allowed is the whole state machine as the specification states it:
// situation → action → who may take it.
var allowed = map[string]map[Action][]string{
	"pending": {
		ActEdit: {"owner"}, ActCancel: {"owner", "boss"}, ActClaim: {"holder", "tech2", "boss"},
		ActAssign: {"boss"}, ActUrge: {"owner"}, ActReply: {"owner", "boss"}, ActNote: staff,
	},
	"accepted": {
		ActAssign: {"boss"}, ActRelease: {"holder", "boss"}, ActSuspend: {"holder"}, ActComplete: {"holder"},
		ActUrge: {"owner"}, ActReply: {"owner", "holder", "boss"}, ActNote: staff,
	},
	"waiting": {
		ActAssign: {"boss"}, ActRelease: {"holder", "boss"}, ActComplete: {"holder"},
		ActApprove: {"boss"}, ActReject: {"boss"}, ActUrge: {"owner"}, ActReply: {"owner", "holder", "boss"},
		ActNote: staff,
	},
	"suspended": {
		ActResume: {"holder", "boss"}, ActUrge: {"owner"}, ActReply: {"owner", "holder", "boss"}, ActNote: staff,
	},
	"completed": {ActRate: {"owner"}},
	"rated":     {},
	"cancelled": {},
}

// staff may keep internal notes on an open ticket: every technician, not
// only the holder, and the supervisors.
var staff = []string{"holder", "tech2", "boss"}

// after is the state an allowed action leads to.
var after = map[Action]State{
	ActEdit: Pending, ActCancel: Cancelled, ActClaim: Accepted, ActAssign: Accepted, ActRelease: Pending,
	ActSuspend: Accepted, ActApprove: Suspended, ActReject: Accepted, ActResume: Accepted,
	ActComplete: Completed, ActRate: Completed,
}

func TestEveryStateActionRole(t *testing.T) {
	now := t0.Add(3 * time.Hour)
	settings := DefaultSettings()
	for sit := range allowed {
		for _, a := range Actions {
			for who, u := range people {
				t.Run(fmt.Sprintf("%s/%s/%s", sit, a, who), func(t *testing.T) {
					tk := situations()[sit]
					before := situations()[sit]
					err := Check(tk, a, u, now, settings)
					if !slices.Contains(allowed[sit][a], who) {
						if err == nil {
							t.Fatalf("allowed, want refused")
						}
						if !errors.Is(err, ErrForbidden) && !errors.Is(err, ErrConflict) {
							t.Fatalf("err = %v, want ErrForbidden or ErrConflict", err)
						}
						if !reflect.DeepEqual(tk, before) {
							t.Fatalf("a refused action changed the ticket")
						}
						return
					}
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					state := tk.State
					if s, ok := after[a]; ok {
						state = s
					}
					apply(tk, a, change{actor: u, now: now, text: "note", rtype: "Repair", stars: 4, target: otherTech})
					if tk.State != state {
						t.Errorf("state = %s, want %s", tk.State, state)
					}
					last := tk.History[len(tk.History)-1]
					if last.Action != a || last.By.ID != u.ID || !last.At.Equal(now) {
						t.Errorf("history ends with %+v, want %s by %s", last, a, who)
					}
				})
			}
		}
	}
}

func TestRefusalsSayWhy(t *testing.T) {
	now := t0.Add(3 * time.Hour)
	s := DefaultSettings()
	sit := situations()
	cases := []struct {
		name string
		t    *Ticket
		a    Action
		u    *User
		kind error
		msg  string
	}{
		{"claim-taken", sit["accepted"], ActClaim, otherTech, ErrConflict, "err.already_claimed"},
		{"requester-claims", sit["pending"], ActClaim, owner, ErrForbidden, "err.forbidden"},
		{"requester-approves", sit["waiting"], ActApprove, owner, ErrForbidden, "err.forbidden"},
		{"stranger-cancels", sit["pending"], ActCancel, stranger, ErrForbidden, "err.not_yours"},
		{"other-tech-completes", sit["accepted"], ActComplete, otherTech, ErrForbidden, "err.held_by"},
		{"second-suspension", sit["waiting"], ActSuspend, holder, ErrConflict, "err.suspension_waiting"},
		{"rate-twice", sit["rated"], ActRate, owner, ErrConflict, "err.already_rated"},
		{"cancel-after-claim", sit["accepted"], ActCancel, owner, ErrConflict, "err.wrong_state"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Check(c.t, c.a, c.u, now, s)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, c.kind) || e.Msg != c.msg {
				t.Fatalf("err = %v, want %v %s", err, c.kind, c.msg)
			}
		})
	}
}

func TestUrgeThresholdAndCooldown(t *testing.T) {
	s := DefaultSettings()
	tk := situations()["pending"]
	if err := Check(tk, ActUrge, owner, t0.Add(119*time.Minute), s); !errors.Is(err, ErrTooSoon) {
		t.Fatalf("urge before 2h: %v, want ErrTooSoon", err)
	}
	at := t0.Add(2*time.Hour + time.Second)
	if err := Check(tk, ActUrge, owner, at, s); err != nil {
		t.Fatalf("urge after 2h: %v", err)
	}
	apply(tk, ActUrge, change{actor: owner, now: at})
	if !tk.Urged() {
		t.Fatal("urged ticket has no 催 tag")
	}
	if err := Check(tk, ActUrge, owner, at.Add(10*time.Minute), s); !errors.Is(err, ErrTooSoon) {
		t.Fatalf("urge within cooldown: %v, want ErrTooSoon", err)
	}
	if err := Check(tk, ActUrge, owner, at.Add(s.UrgeCooldown.D()+time.Second), s); err != nil {
		t.Fatalf("urge after cooldown: %v", err)
	}
}

func TestDurationsLeaveOutSuspensions(t *testing.T) {
	tk := situations()["pending"]
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	apply(tk, ActClaim, change{actor: holder, now: at(30)})
	apply(tk, ActSuspend, change{actor: holder, now: at(60), text: "parts"})
	apply(tk, ActApprove, change{actor: supervisor, now: at(90)})
	apply(tk, ActResume, change{actor: holder, now: at(150)})
	apply(tk, ActComplete, change{actor: holder, now: at(200), rtype: "Repair", text: "done"})
	if got := tk.Waited(at(500)); got != 30*time.Minute {
		t.Errorf("waited = %v, want 30m", got)
	}
	// 30→200 is 170 minutes, of which 60→90 waited for the review and
	// 90→150 was suspended.
	if got := tk.UnderRepair(at(500)); got != 80*time.Minute {
		t.Errorf("under repair = %v, want 1h20m", got)
	}
}

func TestOverdueTag(t *testing.T) {
	s := DefaultSettings()
	tk := situations()["pending"]
	if tk.Overdue(t0.Add(time.Hour), s) {
		t.Error("overdue after 1h")
	}
	if !tk.Overdue(t0.Add(3*time.Hour), s) || !slices.Contains(tk.Tags(t0.Add(3*time.Hour), s), "超") {
		t.Error("not overdue after 3h")
	}
}

func TestWorkingHours(t *testing.T) {
	s := DefaultSettings()
	s.Timezone = "Asia/Shanghai"
	s.WorkHours = "08:00-18:00"
	s.Holidays = []string{"2026-11-23"} // the Monday
	loc := s.Location()
	friday23 := time.Date(2026, 11, 20, 23, 0, 0, 0, loc)
	saturday := time.Date(2026, 11, 21, 15, 0, 0, 0, loc)
	if got := WorkingTime(s, friday23, saturday); got != 0 {
		t.Errorf("Friday 23:00 → Saturday: %v of working time, want 0", got)
	}
	tk := &Ticket{State: Pending, CreatedAt: friday23}
	if tk.Overdue(saturday, s) {
		t.Error("a fault reported on Friday night is overdue on Saturday")
	}
	// Monday is a holiday: Tuesday 09:30 is 1.5 working hours in.
	tuesday := time.Date(2026, 11, 24, 9, 30, 0, 0, loc)
	if got := WorkingTime(s, friday23, tuesday); got != 90*time.Minute {
		t.Errorf("working time to Tuesday 09:30 = %v, want 1h30m", got)
	}
	if tk.Overdue(tuesday, s) {
		t.Error("overdue after 1.5 working hours")
	}
	if !tk.Overdue(tuesday.Add(time.Hour), s) {
		t.Error("not overdue after 2.5 working hours")
	}
	if got := AddWorkingTime(s, friday23, 2*time.Hour); !got.Equal(time.Date(2026, 11, 24, 10, 0, 0, 0, loc)) {
		t.Errorf("2 working hours after Friday 23:00 = %v, want Tuesday 10:00", got)
	}
}

func TestBadInput(t *testing.T) {
	c := DefaultCatalog()
	now := t0
	good := Report{
		Location:    Location{Zone: c.Zones[0].Name, Building: c.Zones[0].Buildings[0]},
		ProblemType: c.ProblemTypes[0], Title: "Lamp", Description: "Flickers", Contact: "138 0000 0000",
	}
	cases := []struct {
		name   string
		change func(*Report)
		msg    string
	}{
		{"empty-title", func(r *Report) { r.Title = "  " }, "err.empty_field"},
		{"long-title", func(r *Report) { r.Title = strings.Repeat("灯", MaxTitle+1) }, "err.too_long_field"},
		{"long-description", func(r *Report) { r.Description = strings.Repeat("x", MaxText+1) }, "err.too_long_field"},
		{"unknown-building", func(r *Report) { r.Location.Building = "Nowhere" }, "err.unknown_building"},
		{"bad-phone", func(r *Report) { r.Contact = "call me" }, "err.bad_phone"},
		{"end-before-start", func(r *Report) { r.Window = Window{Start: now.Add(2 * time.Hour), End: now.Add(time.Hour)} }, "err.end_before_start"},
		{"window-in-past", func(r *Report) { r.Window = Window{Start: now.Add(-3 * time.Hour), End: now.Add(-time.Hour)} }, "err.in_past"},
		{"half-window", func(r *Report) { r.Window = Window{Start: now.Add(time.Hour)} }, "err.window_incomplete"},
		{"window-never-ends", func(r *Report) { r.Window = Window{Start: now.Add(time.Hour), End: now.AddDate(100, 0, 0)} }, "err.too_far"},
		{"phone-of-dashes", func(r *Report) { r.Contact = strings.Repeat("-", 100000) + "138" }, "err.bad_phone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			tc.change(&r)
			_, err := CleanReport(r, c, now)
			var e *Error
			if !errors.As(err, &e) || e.Msg != tc.msg || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want %s", err, tc.msg)
			}
		})
	}
	t.Run("query-operator-kept-literally", func(t *testing.T) {
		r := good
		r.Description = `{"$gt": ""}`
		got, err := CleanReport(r, c, now)
		if err != nil || got.Description != `{"$gt": ""}` {
			t.Fatalf("got %q, %v", got.Description, err)
		}
	})
}

func TestTermsFindChineseInsidePhrases(t *testing.T) {
	as := DefaultArticles()
	got := SearchArticles(as, DefaultCatalog(), "宿舍空调不制冷", 3)
	if len(got) == 0 || got[0].ID != "aircon" {
		t.Fatalf("search 空调不制冷: %v", got)
	}
	if got := SearchArticles(as, DefaultCatalog(), "wifi broken", 3); len(got) == 0 || got[0].ID != "wifi" {
		t.Fatalf("search wifi: %v", got)
	}
	if got := SearchArticles(as, DefaultCatalog(), "xyzzy", 3); len(got) != 0 {
		t.Fatalf("search nonsense found %v", got)
	}
}

// A suspension request still waiting when the job ends for its technician
// is withdrawn: a supervisor can no longer approve it (which would suspend
// the next technician's job), the next technician may ask for their own,
// and the supervisors are told. A reassignment to the same technician
// leaves it waiting.
func TestJobEndingWithdrawsSuspensionRequest(t *testing.T) {
	now := t0.Add(3 * time.Hour)
	settings := DefaultSettings()
	for _, c := range []struct {
		name     string
		a        Action
		by       *User
		target   *User
		withdraw bool
	}{
		{"release", ActRelease, holder, nil, true},
		{"reassign", ActAssign, supervisor, otherTech, true},
		{"complete", ActComplete, holder, nil, true},
		{"assign to the same technician", ActAssign, supervisor, holder, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk := situations()["waiting"]
			if err := Check(tk, c.a, c.by, now, settings); err != nil {
				t.Fatal(err)
			}
			sent := len(tk.Outbox)
			apply(tk, c.a, change{actor: c.by, now: now, text: "note", rtype: "Repair", target: c.target})
			s := tk.LastSuspension()
			if !c.withdraw {
				if tk.WaitingSuspension() == nil {
					t.Fatalf("the request no longer waits: %+v", s)
				}
				return
			}
			if tk.WaitingSuspension() != nil || s.Review != ReviewWithdrawn || s.Note != string(c.a) || !s.ReviewedAt.Equal(now) {
				t.Fatalf("the request after %s: %+v", c.a, s)
			}
			if !slices.ContainsFunc(tk.Outbox[sent:], func(n Notice) bool { return n.Kind == "withdraw" && n.To == ToSupervisors }) {
				t.Errorf("the supervisors are not told: %+v", tk.Outbox[sent:])
			}
			if err := Check(tk, ActApprove, supervisor, now, settings); !errors.Is(err, ErrConflict) {
				t.Errorf("approve after %s: %v, want ErrConflict", c.a, err)
			}
			if c.a == ActRelease {
				apply(tk, ActClaim, change{actor: otherTech, now: now})
				if err := Check(tk, ActSuspend, otherTech, now, settings); err != nil {
					t.Errorf("the next technician may not ask to suspend: %v", err)
				}
			}
		})
	}
}

// Settled, which lets a ticket leave the live tickets, holds exactly where
// the state machine allows nobody anything: a ticket that can still change
// must stay where its change is written and its notices delivered.
func TestSettledWhenNothingIsAllowed(t *testing.T) {
	now, settings := t0.Add(3*time.Hour), DefaultSettings()
	for sit, tk := range situations() {
		if got, want := tk.Settled(now, settings), len(allowed[sit]) == 0; got != want {
			t.Errorf("%s: settled %v, want %v", sit, got, want)
		}
	}
}

// A completed ticket may be rated within its window; after it, the rating
// is refused with that reason, and the ticket is settled, so it can leave
// the live tickets instead of waiting there for ever.
func TestRatingWindowCloses(t *testing.T) {
	settings := DefaultSettings()
	tk := situations()["completed"]
	done := tk.Completion.At
	within := done.Add(time.Duration(settings.RateWithin) - time.Minute)
	if err := Check(tk, ActRate, owner, within, settings); err != nil {
		t.Fatalf("rating inside the window: %v", err)
	}
	if tk.Settled(within, settings) {
		t.Error("settled while it may still be rated")
	}
	after := done.Add(time.Duration(settings.RateWithin))
	err := Check(tk, ActRate, owner, after, settings)
	var e *Error
	if !errors.As(err, &e) || e.Msg != "err.rate_closed" {
		t.Errorf("rating after the window: %v, want err.rate_closed", err)
	}
	if !tk.Settled(after, settings) {
		t.Error("not settled after the window closed")
	}
	settings.RateWithin = 0 // for ever
	if err := Check(tk, ActRate, owner, after.Add(1000*time.Hour), settings); err != nil || tk.Settled(after, settings) {
		t.Errorf("with no window: %v, settled %v", err, tk.Settled(after, settings))
	}
}
