package desk_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// TestEveryStateActionRoleThroughTheStore runs the state machine's table
// as people use it: each (situation, action, person) through the Service
// on the embedded store. An allowed action moves the stored ticket to the
// state the table says and records who did it; a refused one returns the
// desk's error and leaves the stored ticket exactly as it was.
func TestEveryStateActionRoleThroughTheStore(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	start := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	now := start
	svc.Now = func() time.Time { return now }
	if _, err := svc.SetSetting(ctx, &desk.User{Roles: []desk.Role{desk.RoleAdmin}}, "reportsPerHour", "1000"); err != nil {
		t.Fatal(err)
	}
	people := map[string]*desk.User{}
	for who, roles := range map[string][]desk.Role{"owner": nil, "stranger": nil, "holder": {desk.RoleTechnician},
		"tech2": {desk.RoleTechnician}, "boss": {desk.RoleSupervisor}, "admin": {desk.RoleAdmin}} {
		u, err := svc.Account(ctx, "test:"+who, "en")
		if err == nil {
			u, err = svc.Register(ctx, u, desk.Profile{Name: who, Phone: "13800000000", Department: "Lab"})
		}
		if err == nil && len(roles) > 0 {
			u, err = svc.GrantBootstrap(ctx, u.ID, roles...)
		}
		if err != nil {
			t.Fatal(err)
		}
		people[who] = u
	}
	cat, _ := store.Catalog(ctx)
	report := desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Leak", Description: "Drips", Contact: "13800000000"}

	// situation builds a ticket in the named situation, as people would,
	// three hours old so that urging is allowed.
	situation := func(name string) *desk.Ticket {
		t.Helper()
		now = start
		tk, err := svc.Report(ctx, people["owner"], report)
		steps := map[string][]func() (*desk.Ticket, error){
			"accepted":  {claim(svc, people, tk)},
			"waiting":   {claim(svc, people, tk), suspend(svc, people, tk)},
			"suspended": {claim(svc, people, tk), suspend(svc, people, tk), approve(svc, people, tk)},
			"completed": {claim(svc, people, tk), complete(svc, people, tk, cat)},
			"rated":     {claim(svc, people, tk), complete(svc, people, tk, cat), rate(svc, people, tk)},
			"cancelled": {func() (*desk.Ticket, error) { return svc.Cancel(ctx, people["owner"], tk.ID, "never mind") }},
		}[name]
		for _, step := range steps {
			if err == nil {
				_, err = step()
			}
		}
		if err != nil {
			t.Fatalf("building %s: %v", name, err)
		}
		now = start.Add(3 * time.Hour)
		got, err := store.Get(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	whos := []string{"owner", "stranger", "holder", "tech2", "boss", "admin"}
	for sit, allowed := range desk.AllowedForTest {
		refusedOn := situation(sit) // refusals change nothing, so they share one
		for _, a := range desk.Actions {
			for _, who := range whos {
				t.Run(fmt.Sprintf("%s/%s/%s", sit, a, who), func(t *testing.T) {
					u := people[who]
					if !slices.Contains(allowed[a], who) {
						_, err := do(ctx, svc, a, u, refusedOn, people, cat)
						var de *desk.Error
						if !errors.As(err, &de) || !(errors.Is(err, desk.ErrForbidden) || errors.Is(err, desk.ErrConflict)) {
							t.Fatalf("err = %v, want the desk's refusal (forbidden or conflict)", err)
						}
						if got, _ := store.Get(ctx, refusedOn.ID); !reflect.DeepEqual(got, refusedOn) {
							t.Fatalf("a refused %s changed the stored ticket", a)
						}
						return
					}
					tk := situation(sit)
					if _, err := do(ctx, svc, a, u, tk, people, cat); err != nil {
						t.Fatalf("refused: %v", err)
					}
					got, err := store.Get(ctx, tk.ID)
					if err != nil {
						t.Fatal(err)
					}
					want := tk.State
					if s, ok := desk.AfterForTest[a]; ok {
						want = s
					}
					last := got.History[len(got.History)-1]
					if got.State != want || got.Version <= tk.Version || last.Action != a || last.By.ID != u.ID || !last.At.Equal(now) {
						t.Fatalf("stored after %s: state %s (want %s), version %d→%d, history ends %+v",
							a, got.State, want, tk.Version, got.Version, last)
					}
				})
			}
		}
	}
}

// do takes action a as u on tk through the Service, with valid arguments.
func do(ctx context.Context, svc *desk.Service, a desk.Action, u *desk.User, tk *desk.Ticket,
	people map[string]*desk.User, cat desk.Catalog) (*desk.Ticket, error) {
	switch a {
	case desk.ActEdit:
		return svc.Edit(ctx, u, tk.ID, tk.Report)
	case desk.ActCancel:
		return svc.Cancel(ctx, u, tk.ID, "why")
	case desk.ActClaim:
		return svc.Claim(ctx, u, tk.ID)
	case desk.ActAssign:
		return svc.Assign(ctx, u, tk.ID, people["tech2"].ID)
	case desk.ActRelease:
		return svc.Release(ctx, u, tk.ID, "why")
	case desk.ActSuspend:
		return svc.RequestSuspension(ctx, u, tk.ID, "why", nil)
	case desk.ActApprove, desk.ActReject:
		return svc.Review(ctx, u, tk.ID, a == desk.ActApprove, "note")
	case desk.ActResume:
		return svc.Resume(ctx, u, tk.ID)
	case desk.ActComplete:
		return svc.Complete(ctx, u, tk.ID, cat.RepairTypes[0], "done", nil)
	case desk.ActUrge:
		return svc.Urge(ctx, u, tk.ID)
	case desk.ActReply:
		return svc.Reply(ctx, u, tk.ID, "hello", nil)
	case desk.ActRate:
		return svc.Rate(ctx, u, tk.ID, 4, "")
	case desk.ActNote:
		return svc.Note(ctx, u, tk.ID, "among us", nil)
	}
	panic("no service method for " + string(a))
}

func claim(svc *desk.Service, p map[string]*desk.User, tk *desk.Ticket) func() (*desk.Ticket, error) {
	return func() (*desk.Ticket, error) { return svc.Claim(context.Background(), p["holder"], tk.ID) }
}

func suspend(svc *desk.Service, p map[string]*desk.User, tk *desk.Ticket) func() (*desk.Ticket, error) {
	return func() (*desk.Ticket, error) {
		return svc.RequestSuspension(context.Background(), p["holder"], tk.ID, "parts", nil)
	}
}

func approve(svc *desk.Service, p map[string]*desk.User, tk *desk.Ticket) func() (*desk.Ticket, error) {
	return func() (*desk.Ticket, error) { return svc.Review(context.Background(), p["boss"], tk.ID, true, "ok") }
}

func complete(svc *desk.Service, p map[string]*desk.User, tk *desk.Ticket, cat desk.Catalog) func() (*desk.Ticket, error) {
	return func() (*desk.Ticket, error) {
		return svc.Complete(context.Background(), p["holder"], tk.ID, cat.RepairTypes[0], "done", nil)
	}
}

func rate(svc *desk.Service, p map[string]*desk.User, tk *desk.Ticket) func() (*desk.Ticket, error) {
	return func() (*desk.Ticket, error) { return svc.Rate(context.Background(), p["owner"], tk.ID, 5, "") }
}
