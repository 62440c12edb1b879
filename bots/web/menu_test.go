package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// menu is a person's command menu as the page receives it.
type menu struct {
	Person   string      `json:"person"`
	Lang     string      `json:"lang"`
	Role     string      `json:"role"`
	Commands [][2]string `json:"commands"`
}

func (m menu) names() []string {
	var out []string
	for _, c := range m.Commands {
		out = append(out, c[0])
	}
	return out
}

// menu is the command menu person's page shows.
func (s *site) menu(person string) menu {
	s.t.Helper()
	res, err := http.Get(s.srv.URL + "/api/menu?person=" + person)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var m menu
	if res.StatusCode != http.StatusOK {
		s.t.Fatalf("menu of %s: status %d", person, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil || m.Person != person {
		s.t.Fatalf("menu of %s: %+v, %v", person, m, err)
	}
	return m
}

// Each demo person's menu offers their role's commands and no others',
// in their language.
func TestMenuFollowsRole(t *testing.T) {
	s := newSite(t)
	for _, tc := range []struct {
		person, lang, first string
		has, lack           []string
	}{
		{"xiaoming", "zh", "报修", []string{"report", "mine", "faq", "me", "help"}, []string{"admin", "stats", "overdue", "jobs", "pool"}},
		{"li", "zh", "报修", []string{"report", "jobs", "pool"}, []string{"admin", "stats", "overdue"}},
		{"sam", "en", "Report a fault", []string{"jobs", "pool"}, []string{"admin", "stats"}},
		{"chen", "zh", "报修", []string{"stats", "overdue", "jobs", "pool"}, []string{"admin"}},
		// An admin reads the reports but does not repair.
		{"alex", "en", "Report a fault", []string{"admin", "report", "stats", "find"}, []string{"overdue", "jobs"}},
	} {
		t.Run(tc.person, func(t *testing.T) {
			m := s.menu(tc.person)
			got := m.names()
			if m.Lang != tc.lang || len(m.Commands) == 0 || m.Commands[0][1] != tc.first {
				t.Errorf("menu in %q, first %v", m.Lang, m.Commands)
			}
			for _, n := range tc.has {
				if !slices.Contains(got, n) {
					t.Errorf("lacks /%s: %v", n, got)
				}
			}
			for _, n := range tc.lack {
				if slices.Contains(got, n) {
					t.Errorf("offers /%s: %v", n, got)
				}
			}
		})
	}
	if r, err := http.Get(s.srv.URL + "/api/menu?person=nobody"); err != nil || r.StatusCode != http.StatusNotFound {
		t.Errorf("menu of an unknown person: %v, %v", r.StatusCode, err)
	}
}

// Nothing a requester's menu offers is refused when pressed.
func TestRequesterMenuIsRunnable(t *testing.T) {
	s := newSite(t)
	s.say("xiaoming", "", "/admin")
	refusal := s.last("xiaoming", "").Text
	for _, n := range s.menu("xiaoming").names() {
		r := s.say("xiaoming", "", "/"+n)
		for _, m := range s.messages("xiaoming", "") {
			if slices.Contains(r.IDs, m.ID) && m.Text == refusal {
				t.Errorf("/%s offered, then refused", n)
			}
		}
		s.say("xiaoming", "", "/cancel")
	}
}

// The menu changes as soon as an admin grants a role in the chat, and
// when the person picks another language.
func TestMenuAfterGrant(t *testing.T) {
	s := newSite(t)
	if slices.Contains(s.menu("xiaoming").names(), "stats") {
		t.Fatal("a requester is offered /stats")
	}
	s.say("alex", "", "/admin")
	s.answer("alex", "0") // roles
	s.say("alex", "", "web:xiaoming")
	s.answer("alex", "2") // + supervisor
	m := s.menu("xiaoming")
	if m.Role != "supervisor" || !slices.Contains(m.names(), "stats") || slices.Contains(m.names(), "admin") {
		t.Fatalf("after the grant: %+v\nalex saw: %s", m, dump(s.messages("alex", "")))
	}
	s.say("xiaoming", "", "/lang en")
	if m := s.menu("xiaoming"); m.Lang != "en" || m.Commands[0][1] != "Report a fault" {
		t.Errorf("after /lang en: %+v", m)
	}
}

// The page offers what the engine's menu lists, here every command from
// an engine that cannot say who may do what; the desk still checks each
// one when it runs.
func TestMenuWithoutRoles(t *testing.T) {
	_, _, s := stubSite(t, handlerFunc(func(context.Context, talk.Input) (talk.Response, error) {
		return talk.Response{}, nil
	}))
	want := conversation.CommandNames(i18n.En)
	if m := s.menu("sam"); !slices.Equal(m.Commands, want) {
		t.Errorf("menu %v, want %v", m.Commands, want)
	}
}
