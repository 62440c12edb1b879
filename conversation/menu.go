package conversation

import (
	"context"
	"errors"
	"fmt"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
)

// Menu is one person's command menu: what they may run now, described in
// their language.
type Menu struct {
	Lang string
	// Role is the person's most senior role, "" before registration.
	Role     desk.Role
	Commands [][2]string // name, description
}

// Menus says which commands a person may use. The Engine is one; an
// adapter that holds only a Handler checks for it, so that a stand-in
// handler in a test need not be.
type Menus interface {
	Menu(ctx context.Context, account, lang string) (Menu, error)
}

var _ Menus = (*Engine)(nil)

// CommandsFor lists the commands u may use, described in lang, in the
// order of CommandNames. Whether a command is listed is decided from the
// same table, by the same rule, as whether it runs, so a menu never offers
// what the desk would refuse. A nil or unregistered u gets the commands
// open before registration, /start (which registers) first; a registered
// person is not offered /start, which would only greet them again.
func CommandsFor(lang string, u *desk.User) [][2]string {
	var out [][2]string
	registered := u != nil && u.Registered
	if !registered {
		out = append(out, [2]string{"start", i18n.T(lang, "cmd.start")})
	}
	for _, c := range CommandNames(lang) {
		if cmd, ok := commands[c[0]]; ok && cmd.allows(u) {
			out = append(out, c)
		}
	}
	return out
}

// allows reports whether u may run c: open commands before registration,
// then those whose role (or other role) u holds (desk.User.Is), as
// turn.command decides.
func (c command) allows(u *desk.User) bool {
	if !c.open && (u == nil || !u.Registered) {
		return false
	}
	return c.role == "" || u.Is(c.role) || c.or != "" && u.Is(c.or)
}

// Menu returns the menu of the person behind account as the desk knows
// them now, so that a role granted or a language changed since shows at
// once. lang, the platform's guess, is used for someone without a
// language. Asking creates no one: a menu is not contact with the desk.
func (e *Engine) Menu(ctx context.Context, account, lang string) (Menu, error) {
	u, err := e.svc.Known(ctx, account)
	switch {
	case errors.Is(err, desk.ErrNotFound):
		u = nil
	case err != nil:
		return Menu{}, fmt.Errorf("menu of %s: %w", account, err)
	}
	m := Menu{Lang: i18n.Norm(lang)}
	if u != nil && u.Lang != "" {
		m.Lang = u.Lang
	}
	if m.Lang == "" {
		// As the desk answers someone whose language it does not know.
		m.Lang = i18n.En
	}
	if u != nil && u.Registered {
		m.Role = u.Highest()
	}
	m.Commands = CommandsFor(m.Lang, u)
	return m, nil
}
