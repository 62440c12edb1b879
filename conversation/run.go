package conversation

import (
	"fmt"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// command is one thing a person can ask for by name.
type command struct {
	role desk.Role // the role needed; "" for everyone
	or   desk.Role // another role that may run it too
	open bool      // allowed before registration
	run  func(t *turn, arg string)
}

// commands are the desk's commands, the same on every platform (Telegram
// "/mine", Slack "/repair mine", the web chat's menu).
var commands map[string]command

func init() {
	commands = map[string]command{
		"start":  {open: true, run: (*turn).cmdStart},
		"help":   {open: true, run: func(t *turn, _ string) { t.help() }},
		"lang":   {open: true, run: (*turn).cmdLang},
		"cancel": {open: true, run: func(t *turn, _ string) { t.abandon() }},
		"me":     {run: func(t *turn, _ string) { t.me() }},
		"profile": {run: func(t *turn, _ string) {
			t.startFlow(flowRegister, Draft{Name: t.user.Name, Phone: t.user.Phone, Department: t.user.Department})
		}},
		"report":   {run: (*turn).cmdReport},
		"mine":     {run: (*turn).cmdMine},
		"faq":      {run: (*turn).cmdFAQ},
		"jobs":     {role: desk.RoleTechnician, run: func(t *turn, _ string) { t.jobs() }},
		"pool":     {role: desk.RoleTechnician, run: func(t *turn, _ string) { t.pool() }},
		"stats":    {role: desk.RoleSupervisor, or: desk.RoleAdmin, run: (*turn).cmdStats},
		"find":     {run: (*turn).cmdFind},
		"overdue":  {role: desk.RoleSupervisor, run: func(t *turn, _ string) { t.overdue() }},
		"chart":    {role: desk.RoleSupervisor, or: desk.RoleAdmin, run: (*turn).cmdChart},
		"export":   {role: desk.RoleSupervisor, or: desk.RoleAdmin, run: (*turn).cmdExport},
		"admin":    {role: desk.RoleAdmin, run: (*turn).cmdAdmin},
		"home":     {run: func(t *turn, _ string) { t.home() }},
		"ticket":   {run: (*turn).cmdTicket},
		"skip":     {run: func(t *turn, _ string) { t.in.Kind, t.in.Text = talk.KindText, "-"; t.answer() }},
		"continue": {run: func(t *turn, _ string) { t.ask() }},
		"link":     {open: true, run: (*turn).cmdLink},
		"unlink":   {run: (*turn).cmdUnlink},
	}
}

// CommandNames lists the commands a platform should register in its menu,
// with their descriptions in lang, most useful first.
func CommandNames(lang string) [][2]string {
	names := []string{"report", "mine", "faq", "find", "jobs", "pool", "stats", "overdue", "chart", "export", "admin", "me", "lang", "cancel", "help"}
	out := make([][2]string, len(names))
	for i, n := range names {
		out[i] = [2]string{n, i18n.T(lang, "cmd."+n)}
	}
	return out
}

func (t *turn) run() error {
	switch t.in.Kind {
	case talk.KindCommand:
		t.command(strings.ToLower(strings.TrimPrefix(t.in.Command, "/")), strings.TrimSpace(t.in.Text))
	case talk.KindButton:
		t.button()
	case talk.KindReaction:
		t.reaction()
	default:
		if t.inThread() {
			t.threadReply()
			return nil
		}
		if t.in.Token != "" {
			// Text sent with a token answers a form (Form).
			t.formAnswer()
			return nil
		}
		t.answer()
	}
	return nil
}

func (t *turn) command(name, arg string) {
	c, ok := commands[name]
	if !ok {
		t.say("err.unknown_command", name)
		t.help()
		return
	}
	if !c.allows(t.user) {
		// The one rule that also builds the menus; what is missing
		// decides the answer.
		if !t.user.Registered {
			t.needRegistration()
		} else {
			t.fail(&desk.Error{Kind: desk.ErrForbidden, Msg: "err.forbidden"})
		}
		return
	}
	c.run(t, arg)
}

func (t *turn) button() {
	tk, ok := talk.ParseToken(t.in.Token)
	if !ok {
		t.say("err.unknown_button")
		t.toast = t.T("err.unknown_button")
		return
	}
	switch tk.Kind {
	case 'd':
		if t.s.Flow == "" || tk.Version != t.s.Version {
			t.toast = t.T("err.stale_button")
			t.say("err.stale_button")
			if t.s.Flow != "" {
				t.ask()
			}
			return
		}
		t.pressed, t.isPress = tk.Arg, true
		t.answer()
	case 'm':
		if tk.Arg != "" {
			t.command(tk.Name, tk.Arg)
		} else {
			t.command(tk.Name, "")
		}
	case 't':
		if !t.user.Registered {
			t.needRegistration()
			return
		}
		t.ticketAction(tk)
	case 'f':
		t.formClosed(tk)
	}
}

// answer feeds text, a photo or a contact (or a pressed answer) to the
// current question.
func (t *turn) answer() {
	if t.s.Flow == "" {
		if !t.user.Registered {
			t.needRegistration()
			return
		}
		if t.in.Kind == talk.KindText && strings.TrimSpace(t.in.Text) != "" {
			// Outside a dialogue, typed text is most likely a question:
			// the FAQ may already answer it.
			t.faqResults(t.in.Text, true)
			return
		}
		t.help()
		return
	}
	f, ok := flows[t.s.Flow]
	st, ok2 := f.steps[t.s.Step]
	if !ok || !ok2 {
		// A session saved by an older version of the program: start
		// over rather than guess.
		t.endFlow()
		t.help()
		return
	}
	t.dirty = true
	next, err := st.take(t)
	if err != nil {
		t.fail(err)
		t.ask()
		return
	}
	t.moveTo(next)
}

// needRegistration starts registration, keeping a deep-link location.
func (t *turn) needRegistration() {
	if t.s.Flow == flowRegister {
		t.say("reg.first")
		t.ask()
		return
	}
	t.preface("reg.welcome")
	t.startFlow(flowRegister, Draft{Name: t.in.Name})
}

// help lists the commands this person may run, written as they type them
// on this platform, so that no one is shown a command the desk would
// refuse them.
func (t *turn) help() {
	var b strings.Builder
	b.WriteString(t.T("help.head"))
	for _, c := range CommandsFor(t.lang, t.user) {
		fmt.Fprintf(&b, "\n%s — %s", t.typed(c[0]), c[1])
	}
	if down := t.svc().UnreachableChats(); len(down) > 0 && (t.user.Is(desk.RoleTechnician) || t.user.Is(desk.RoleAdmin)) {
		b.WriteString("\n\n" + t.T("help.unreachable", strings.Join(down, ", ")))
	}
	t.send(talk.Message{Text: b.String(), Rows: t.menuRows()})
}

// typed writes the command name as this person types it on their
// platform, for texts that point them to another command.
func (t *turn) typed(name string) string { return commandPrefix(t.in.Platform) + name }

// commandPrefix is what comes before a command's name on a platform. Slack
// keeps "/name" for its own commands, so the desk has one slash command,
// /repair, and its commands are the first word after it (the manifest in
// the README).
func commandPrefix(platform string) string {
	if platform == "slack" {
		return "/repair "
	}
	return "/"
}

// menuRows are the main menu's buttons for this person's roles.
func (t *turn) menuRows() []talk.Row {
	rows := []talk.Row{
		{Buttons: []talk.Button{button(t.T("btn.report"), talk.MenuToken("report")), button(t.T("btn.mine"), talk.MenuToken("mine"))}},
		{Buttons: []talk.Button{button(t.T("btn.faq"), talk.MenuToken("faq")), button(t.T("btn.lang"), talk.MenuToken("lang"))}},
	}
	// Staff search all tickets; requesters have their own list, and
	// /find in the command menu.
	find := button(t.T("btn.find"), talk.MenuToken("find"))
	if t.user.Is(desk.RoleTechnician) {
		rows = append(rows, talk.Row{Buttons: []talk.Button{button(t.T("btn.pool"), talk.MenuToken("pool")), button(t.T("btn.jobs"), talk.MenuToken("jobs")), find}})
	}
	if t.user.Is(desk.RoleSupervisor) {
		rows = append(rows, talk.Row{Buttons: []talk.Button{button(t.T("btn.stats"), talk.MenuToken("stats")), button(t.T("btn.overdue"), talk.MenuToken("overdue"))}})
	}
	if t.user.Is(desk.RoleAdmin) {
		admin := talk.Row{Buttons: []talk.Button{button(t.T("btn.admin"), talk.MenuToken("admin"))}}
		if !t.user.Is(desk.RoleSupervisor) {
			admin.Buttons = append(admin.Buttons, button(t.T("btn.stats"), talk.MenuToken("stats")))
		}
		if !t.user.Is(desk.RoleTechnician) {
			admin.Buttons = append(admin.Buttons, find)
		}
		rows = append(rows, admin)
	}
	return rows
}

func (t *turn) cmdLang(arg string) {
	switch i18n.Norm(arg) {
	case i18n.Zh, i18n.En:
		u, err := t.svc().SetLang(t.ctx, t.user, i18n.Norm(arg))
		if err != nil {
			t.fail(err)
			return
		}
		t.user, t.lang = u, u.Lang
		t.say("lang.set")
		t.help()
	default:
		t.send(talk.Message{Text: t.T("lang.choose"), Rows: []talk.Row{{Buttons: []talk.Button{
			button("中文", talk.MenuToken("lang", i18n.Zh)), button("English", talk.MenuToken("lang", i18n.En)),
		}}}})
	}
}

// abandon drops the current dialogue (/cancel).
func (t *turn) abandon() {
	if t.s.Flow == "" {
		t.say("cancel.nothing")
		return
	}
	t.endFlow()
	t.s.Paused = nil
	t.say("cancel.done")
}
