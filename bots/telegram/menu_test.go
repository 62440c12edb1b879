package telegram_test

import (
	"encoding/json"
	"log/slog"
	"slices"
	"testing"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// The menu everyone sees is a requester's; a staff member who writes in
// private gets their role's menu in that chat, in their language, set
// once; a grant or a revocation sets it again.
func TestStaffMenus(t *testing.T) {
	srv := telegramtest.NewServer(token)
	t.Cleanup(srv.Close)
	r := &rig{t: t, srv: srv, store: repotest.Open(t)}
	ctx := t.Context()
	if _, err := r.store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(r.store, r.store, r.store, r.store)
	r.start(deskEngine{conversation.New(svc, r.store, slog.New(slog.DiscardHandler))})

	person := func(account, lang string, roles ...desk.Role) *desk.User {
		t.Helper()
		u, err := svc.Account(ctx, account, lang)
		if err == nil {
			u, err = svc.Register(ctx, u, desk.Profile{Name: account, Phone: "13800000009", Department: "Lab"})
		}
		if err == nil && len(roles) > 0 {
			u, err = svc.GrantBootstrap(ctx, u.ID, roles...)
		}
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	person("telegram:101", "en")
	tech := person("telegram:103", "en", desk.RoleTechnician)
	person("telegram:102", "zh", desk.RoleSupervisor)
	admin := person("telegram:999", "en", desk.RoleAdmin)

	r.waitFor("the default menus", func() bool { return len(srv.Commands("")) > 0 && len(srv.Commands("zh")) > 0 })
	for _, code := range []string{"", "zh"} {
		if got := commandNames(srv.Commands(code)); slices.Contains(got, "jobs") || slices.Contains(got, "stats") ||
			slices.Contains(got, "admin") || !slices.Contains(got, "report") {
			t.Errorf("default menu %q is not a requester's: %v", code, got)
		}
	}

	// scoped returns the chat-scoped menus set for chat, oldest first.
	scoped := func(chat int64) [][]string {
		var out [][]string
		for _, c := range srv.Calls("setMyCommands") {
			var sc struct {
				Type   string `json:"type"`
				ChatID int64  `json:"chat_id"`
			}
			if c.Status != 200 || json.Unmarshal([]byte(c.Fields["scope"]), &sc) != nil || sc.Type != "chat" || sc.ChatID != chat {
				continue
			}
			var cmds []telegramtest.Command
			json.Unmarshal([]byte(c.Fields["commands"]), &cmds)
			out = append(out, commandNames(cmds))
		}
		return out
	}
	// write has who say /help in private and waits for the answer.
	write := func(who telegramtest.User) {
		t.Helper()
		n := len(srv.MessagesTo(who.ID))
		srv.SendCommand(who, telegramtest.Private(who), "help", "")
		r.said(who.ID, n+1)
	}
	waitMenus := func(chat int64, n int) [][]string {
		t.Helper()
		r.waitFor("a menu set for the chat", func() bool { return len(scoped(chat)) >= n })
		return scoped(chat)
	}

	write(carol)
	write(carol)
	srv.SendCommand(carol, techs, "jobs", "") // a group has the default menu
	r.said(carol.ID, 3)
	menus := waitMenus(carol.ID, 1)
	if got := menus[0]; !slices.Contains(got, "jobs") || !slices.Contains(got, "pool") || slices.Contains(got, "stats") || slices.Contains(got, "admin") {
		t.Errorf("the technician's menu: %v", got)
	}
	if cmds := srv.ChatCommands(carol.ID, ""); len(cmds) == 0 || cmds[0].Description != "Report a fault" {
		t.Errorf("the technician's chat shows %v", cmds)
	}

	write(bob)
	waitMenus(bob.ID, 1)
	if got := srv.ChatCommands(bob.ID, ""); !slices.Contains(got, telegramtest.Command{Command: "stats", Description: "统计报表（主管、管理员）"}) {
		t.Errorf("the supervisor's menu, in Chinese: %v", got)
	}

	write(alice) // a requester keeps the default menu
	if _, err := svc.Grant(ctx, admin, tech.ID, desk.RoleSupervisor, true); err != nil {
		t.Fatal(err)
	}
	write(carol)
	menus = waitMenus(carol.ID, 2)
	if got := menus[1]; !slices.Contains(got, "stats") {
		t.Errorf("after the grant: %v", got)
	}
	for _, role := range []desk.Role{desk.RoleSupervisor, desk.RoleTechnician} {
		if _, err := svc.Grant(ctx, admin, tech.ID, role, false); err != nil {
			t.Fatal(err)
		}
	}
	write(carol)
	menus = waitMenus(carol.ID, 3)
	if got := menus[2]; slices.Contains(got, "jobs") || !slices.Contains(got, "report") {
		t.Errorf("after the revocation: %v", got)
	}
	// Two more messages: the second is answered only once the first's
	// menu check is done.
	write(carol)
	write(carol)
	if n := len(scoped(carol.ID)); n != 3 {
		t.Errorf("%d menus set for the technician's chat, want 3 (one per change)", n)
	}
	if n := len(scoped(alice.ID)); n != 0 {
		t.Errorf("a requester's chat was given %d menus of its own", n)
	}
}

func commandNames(cmds []telegramtest.Command) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.Command)
	}
	return out
}
