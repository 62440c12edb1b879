package slack_test

import (
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/desk"
)

// The Home tab follows the desk: once a person has looked at it, a change
// that concerns them (their ticket claimed) or a shared channel (a new
// ticket for the technicians) publishes it again, without their asking,
// and without taking their notices away from the platform they last
// used.
func TestHomeTabFollowsChanges(t *testing.T) {
	d := newDesk(t)
	r := newRig(t, socketMode, d.engine, d.store)
	const tom = "U0TOM"
	r.srv.AddUser(fakeslack.User{ID: tom, RealName: "Tom", Locale: "en-GB"})
	requester := d.register(t, alice, "Alice")
	tech := d.register(t, tom, "Tom", desk.RoleTechnician)
	ctx := t.Context()
	tk, err := d.svc.Report(ctx, requester, leakingTap)
	if err != nil {
		t.Fatal(err)
	}
	home := func(user, want string) {
		t.Helper()
		if !r.srv.WaitFor(wait, func() bool { v, ok := r.srv.Home(user); return ok && strings.Contains(v.Text(), want) }) {
			v, _ := r.srv.Home(user)
			t.Fatalf("%s's Home tab never showed %q; it shows %q", user, want, v.Text())
		}
	}
	r.srv.OpenHome(alice)
	home(alice, tk.Ref())
	r.srv.OpenHome(tom)
	home(tom, "My jobs")
	before := len(r.srv.Calls("views.publish"))
	// Then Alice writes from another platform, where her notices go now.
	if err := d.store.Link(ctx, requester.ID, "telegram:42"); err != nil {
		t.Fatal(err)
	}
	requester, _ = d.svc.Account(ctx, "telegram:42", "en")
	if _, err := d.svc.SetHome(ctx, requester, "telegram:42"); err != nil {
		t.Fatal(err)
	}

	if _, err := d.svc.Claim(ctx, tech, tk.ID); err != nil {
		t.Fatal(err)
	}
	d.notices(t, r)()
	home(tom, "Leaking tap")
	home(alice, "Accepted")
	if got := len(r.srv.Calls("views.publish")) - before; got > 2 {
		t.Errorf("%d publications for one change, want one per person", got)
	}
	if u, err := d.svc.Account(ctx, "telegram:42", "en"); err != nil || u.Home != "telegram:42" {
		t.Errorf("a refresh moved Alice's notices to %q (%v)", u.Home, err)
	}
}
