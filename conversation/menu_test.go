package conversation_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// Each role's menu offers what that role may run, and only that: every
// listed command is answered by the real engine without a refusal, and
// every command of the full list left out is refused.
func TestMenusFollowRoles(t *testing.T) {
	h := newHarness(t, repotest.Open(t))
	ctx := t.Context()
	cases := []struct {
		who       string
		roles     []desk.Role
		has, lack []string
	}{
		{"requester", nil, []string{"report", "mine", "faq", "find", "me", "lang", "help"},
			[]string{"start", "jobs", "pool", "stats", "overdue", "admin"}},
		{"technician", []desk.Role{desk.RoleTechnician}, []string{"report", "find", "jobs", "pool"},
			[]string{"stats", "overdue", "admin"}},
		{"supervisor", []desk.Role{desk.RoleSupervisor}, []string{"jobs", "pool", "find", "stats", "overdue"},
			[]string{"admin"}},
		// Admins read the figures too, but do not repair.
		{"admin", []desk.Role{desk.RoleAdmin}, []string{"report", "find", "stats", "admin"},
			[]string{"jobs", "pool", "overdue"}},
	}
	// What the desk says when it refuses: taken from a refusal rather
	// than copied from the catalogue.
	registered(t, h, "probe")
	refusal := reply(t, h, "probe", "admin")

	for _, c := range cases {
		t.Run(c.who, func(t *testing.T) {
			u := registered(t, h, c.who, c.roles...)
			m, err := h.engine.Menu(ctx, "test:"+c.who, "")
			if err != nil {
				t.Fatal(err)
			}
			if m.Role != u.Highest() || m.Lang != i18n.En {
				t.Errorf("menu of %s: role %q, language %q", c.who, m.Role, m.Lang)
			}
			got := names(m.Commands)
			for _, n := range c.has {
				if !slices.Contains(got, n) {
					t.Errorf("%s's menu lacks %s: %v", c.who, n, got)
				}
			}
			for _, n := range c.lack {
				if slices.Contains(got, n) {
					t.Errorf("%s's menu offers %s: %v", c.who, n, got)
				}
			}
			for _, n := range names(conversation.CommandNames(i18n.En)) {
				refused := reply(t, h, c.who, n) == refusal
				if listed := slices.Contains(got, n); listed == refused {
					t.Errorf("%s /%s: listed %v, refused %v", c.who, n, listed, refused)
				}
			}
		})
	}
}

// Someone not yet registered is offered /start and the other open
// commands; each of those is answered without sending them to register,
// and every command left out does send them there.
func TestMenuBeforeRegistration(t *testing.T) {
	h := newHarness(t, repotest.Open(t))
	ctx := t.Context()
	m, err := h.engine.Menu(ctx, "test:stranger", "zh-hans")
	if err != nil {
		t.Fatal(err)
	}
	got := names(m.Commands)
	if m.Role != "" || m.Lang != i18n.Zh || len(got) == 0 || got[0] != "start" {
		t.Fatalf("a stranger's menu: %+v", m)
	}
	if d := m.Commands[0][1]; d == "" || d == "cmd.start" {
		t.Errorf("/start has no description: %q", d)
	}
	for _, n := range []string{"help", "lang"} {
		if !slices.Contains(got, n) {
			t.Errorf("a stranger is not offered /%s: %v", n, got)
		}
	}
	// Asking for a menu is not contact: nobody was created.
	if _, err := h.store.ByAccount(ctx, "test:stranger"); err == nil {
		t.Errorf("asking for a menu created the person")
	}
	welcome := reply(t, h, "probe", "mine")
	for _, n := range names(conversation.CommandNames(i18n.En)) {
		sent := reply(t, h, "stranger", n) == welcome
		if listed := slices.Contains(got, n); listed == sent {
			t.Errorf("a stranger's /%s: listed %v, sent to register %v", n, listed, sent)
		}
	}
}

// A role granted later shows in the next menu, in the person's language.
func TestMenuAfterGrant(t *testing.T) {
	h := newHarness(t, repotest.Open(t))
	ctx := t.Context()
	u := registered(t, h, "dana")
	if _, err := h.svc.SetLang(ctx, u, i18n.Zh); err != nil {
		t.Fatal(err)
	}
	before, err := h.engine.Menu(ctx, "test:dana", "en")
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(names(before.Commands), "stats") || before.Lang != i18n.Zh {
		t.Fatalf("before the grant: %+v", before)
	}
	if _, err := h.svc.GrantBootstrap(ctx, u.ID, desk.RoleSupervisor); err != nil {
		t.Fatal(err)
	}
	after, err := h.engine.Menu(ctx, "test:dana", "en")
	if err != nil {
		t.Fatal(err)
	}
	all := conversation.CommandNames(i18n.Zh)
	want := all[slices.Index(names(all), "stats")]
	if after.Role != desk.RoleSupervisor || !slices.Contains(after.Commands, want) {
		t.Errorf("after the grant: %+v", after)
	}
}

// registered makes a registered person with account "test:<who>".
func registered(t *testing.T, h *harness, who string, roles ...desk.Role) *desk.User {
	t.Helper()
	ctx := t.Context()
	u, err := h.svc.Account(ctx, "test:"+who, i18n.En)
	if err == nil {
		u, err = h.svc.Register(ctx, u, desk.Profile{Name: "Person " + who, Phone: "13800000009", Department: "Lab"})
	}
	if err == nil && len(roles) > 0 {
		u, err = h.svc.GrantBootstrap(ctx, u.ID, roles...)
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// reply runs /name as who and returns the first thing the desk said,
// then leaves whatever dialogue the command began.
func reply(t *testing.T, h *harness, who, name string) string {
	t.Helper()
	in := talk.Input{Platform: "test", Account: "test:" + who, Chat: "test:" + who, Kind: talk.KindCommand, Command: name}
	resp, err := h.engine.Handle(t.Context(), in)
	if err != nil || len(resp.Messages) == 0 {
		t.Fatalf("%s /%s: %+v, %v", who, name, resp, err)
	}
	in.Command = "cancel"
	if _, err := h.engine.Handle(context.WithoutCancel(t.Context()), in); err != nil {
		t.Fatal(err)
	}
	return resp.Messages[0].Text
}

func names(cmds [][2]string) []string {
	out := make([]string, len(cmds))
	for i, c := range cmds {
		out[i] = c[0]
	}
	return out
}

// /help lists exactly the commands of the person's menu, each written as it
// is typed on their platform: "/repair pool" on Slack, "/pool" elsewhere.
func TestHelpListsTheMenu(t *testing.T) {
	h := newHarness(t, repotest.Open(t))
	ctx := t.Context()
	registered(t, h, "req")
	registered(t, h, "tech", desk.RoleTechnician)
	for _, c := range []struct{ who, platform, prefix string }{
		{"req", "telegram", "/"}, {"tech", "telegram", "/"}, {"tech", "slack", "/repair "},
	} {
		in := talk.Input{Platform: c.platform, Account: "test:" + c.who, Chat: "test:" + c.who,
			Kind: talk.KindCommand, Command: "help"}
		resp, err := h.engine.Handle(ctx, in)
		if err != nil || len(resp.Messages) == 0 {
			t.Fatalf("%s /help: %+v, %v", c.who, resp, err)
		}
		help := resp.Messages[0].Text
		m, err := h.engine.Menu(ctx, "test:"+c.who, "")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(help, "\n")[1:]
		if len(lines) != len(m.Commands) {
			t.Errorf("%s on %s: help lists %d commands, the menu %d:\n%s", c.who, c.platform, len(lines), len(m.Commands), help)
			continue
		}
		for i, cmd := range m.Commands {
			if want := c.prefix + cmd[0] + " — " + cmd[1]; lines[i] != want {
				t.Errorf("%s on %s: line %d is %q, want %q", c.who, c.platform, i, lines[i], want)
			}
		}
	}
}
