package web_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/repairdesk/repairdesk/bots/web"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// Beside a real chat platform the web chat acts only as demo people. A
// demo account linked to a real person, either way round, would let
// anyone at the page act as that person, with their roles, and read
// their notices; such a person is refused, and the others go on.
func TestDemoOnlyRefusesLinkedPeople(t *testing.T) {
	s := newSiteWith(t, func(svc *desk.Service) []web.Option { return []web.Option{web.DemoOnly(svc)} })
	ctx := t.Context()
	real := func(account string) *desk.User {
		t.Helper()
		u, err := s.svc.Account(ctx, account, "en")
		if err == nil {
			u, err = s.svc.Register(ctx, u, desk.Profile{Name: "Real " + account, Phone: "13900000000", Department: "Office"})
		}
		if err == nil {
			u, err = s.svc.GrantBootstrap(ctx, u.ID, desk.RoleAdmin)
		}
		if err != nil {
			t.Fatal(err)
		}
		return u
	}

	// A Telegram admin's code, sent from the web chat as 王小明.
	code, err := s.svc.LinkCode(ctx, real("telegram:77"))
	if err != nil {
		t.Fatal(err)
	}
	s.say("xiaoming", "", "/link "+code)
	if u, err := s.svc.Known(ctx, "web:xiaoming"); err != nil || !slices.Contains(u.Accounts, "telegram:77") {
		t.Fatalf("web:xiaoming not linked: %+v %v", u, err)
	}
	// 李师傅's code, sent from Telegram.
	li, err := s.svc.Known(ctx, "web:li")
	if err != nil {
		t.Fatal(err)
	}
	if code, err = s.svc.LinkCode(ctx, li); err != nil {
		t.Fatal(err)
	}
	tg := real("telegram:88")
	if _, err := s.svc.Link(ctx, tg, "telegram:88", code); err != nil {
		t.Fatal(err)
	}

	for _, person := range []string{"xiaoming", "li"} {
		t.Run(person+"/send", func(t *testing.T) {
			r := s.post(map[string]string{"person": person, "kind": "text", "text": "/admin"})
			if r.Status != http.StatusForbidden {
				t.Errorf("status %d, want %d", r.Status, http.StatusForbidden)
			}
		})
		t.Run(person+"/photo", func(t *testing.T) {
			if r := s.upload(person, "", pngBytes); r.Status != http.StatusForbidden {
				t.Errorf("status %d, want %d", r.Status, http.StatusForbidden)
			}
		})
		t.Run(person+"/menu", func(t *testing.T) {
			res, err := http.Get(s.srv.URL + "/api/menu?person=" + person)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("status %d, want %d", res.StatusCode, http.StatusForbidden)
			}
		})
		t.Run(person+"/notice", func(t *testing.T) {
			_, err := s.chat.Send(ctx, talk.Target{Platform: "web", Account: "web:" + person}, talk.Message{Text: "for a real person"})
			if !errors.Is(err, talk.ErrUndeliverable) {
				t.Errorf("err %v, want ErrUndeliverable", err)
			}
		})
	}
	t.Run("demo-person-goes-on", func(t *testing.T) {
		s.say("sam", "", "/help")
		if _, err := s.chat.Send(ctx, talk.Target{Platform: "web", Account: "web:sam"}, talk.Message{Text: "for sam"}); err != nil {
			t.Errorf("notice to a demo person: %v", err)
		}
	})
}

// Demote takes the roles of the demo people found in the store, and
// names them; people never seen are not created.
func TestDemote(t *testing.T) {
	s := newSite(t)
	ctx := t.Context()
	people := append(web.DemoPeople(), web.Person{Key: "ghost", Name: "Ghost", Roles: []desk.Role{desk.RoleAdmin}})
	demoted, err := web.Demote(ctx, s.svc, people)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"li", "sam", "chen", "alex"}; !slices.Equal(demoted, want) {
		t.Errorf("demoted %v, want %v", demoted, want)
	}
	for _, p := range people {
		u, err := s.svc.Known(ctx, p.Account())
		if p.Key == "ghost" {
			if !errors.Is(err, desk.ErrNotFound) {
				t.Errorf("ghost: %+v %v, want not created", u, err)
			}
			continue
		}
		if err != nil || len(u.Roles) != 0 || !u.Registered {
			t.Errorf("%s: %+v %v, want registered with no roles", p.Key, u, err)
		}
	}
	if demoted, err := web.Demote(ctx, s.svc, people); err != nil || len(demoted) != 0 {
		t.Errorf("again: %v %v, want nobody", demoted, err)
	}
}
