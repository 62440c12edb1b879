package conversation

import (
	"fmt"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// roleSteps: granting and revoking roles: whom (picked from a search),
// then which role.
func roleSteps() map[string]step {
	return map[string]step{
		"user": {ask: (*turn).askPerson, take: (*turn).takePerson},
		"role": {
			ask: func(t *turn) talk.Message {
				return t.question("admin.role", t.options(t.roleOps(), 2), t.s.Draft.Name)
			},
			take: func(t *turn) (string, error) {
				i, err := t.pickedIndex(t.roleOps())
				if err != nil {
					return "", err
				}
				r, on := desk.Roles[i/2], i%2 == 0
				u, err := t.svc().Grant(t.ctx, t.user, t.s.Draft.Key, r, on)
				if err != nil {
					return "", err
				}
				t.acted = true
				t.endFlow()
				t.say("admin.roles_now", u.Name, fmt.Sprint(u.Roles))
				return "", nil
			},
		},
	}
}

// askPerson shows the people matching what the admin typed last
// (Draft.Text; the staff before anything is typed), a page at a time
// (Draft.Page), each a button.
func (t *turn) askPerson() talk.Message {
	d := t.s.Draft
	people, more, err := t.svc().People(t.ctx, t.user, d.Text, d.Page)
	if err != nil {
		t.e.log.Warn("find people", "err", err)
	}
	text := t.T("admin.user_staff")
	if d.Text != "" {
		text = t.T("admin.user_found", d.Text)
	}
	var rows []talk.Row
	for _, u := range people {
		rows = append(rows, talk.Row{Buttons: []talk.Button{t.choice(t.personLabel(u), "u:"+u.ID)}})
	}
	var nav []talk.Button
	if d.Page > 0 {
		nav = append(nav, t.choice(t.T("btn.prev_page"), "prev"))
	}
	if more {
		nav = append(nav, t.choice(t.T("btn.next_page"), "next"))
	}
	if len(nav) > 0 {
		rows = append(rows, talk.Row{Buttons: nav})
	}
	return talk.Message{Text: t.T("admin.user") + "\n" + text, Rows: rows}
}

// takePerson takes a pressed person, a page turn, or typed text: a
// person's desk ID or account key picks them at once, anything else is a
// new search.
func (t *turn) takePerson() (string, error) {
	d := &t.s.Draft
	if t.isPress {
		switch {
		case t.pressed == "next":
			d.Page++
			return "user", nil
		case t.pressed == "prev":
			d.Page = max(d.Page-1, 0)
			return "user", nil
		case strings.HasPrefix(t.pressed, "u:"):
			u, err := t.svc().Person(t.ctx, t.user, strings.TrimPrefix(t.pressed, "u:"))
			if err != nil {
				return "", err
			}
			return t.pickPerson(u), nil
		}
		return "", errInvalid("err.want_choice")
	}
	s, err := t.textAnswer(80, true)
	if err != nil {
		return "", err
	}
	if u, err := t.svc().Find(t.ctx, t.user, s); err == nil {
		return t.pickPerson(u), nil
	}
	found, _, err := t.svc().People(t.ctx, t.user, s, 0)
	if err != nil {
		return "", err
	}
	if len(found) == 0 {
		return "", errInvalid("err.no_match", s)
	}
	d.Text, d.Page = s, 0
	return "user", nil
}

func (t *turn) pickPerson(u *desk.User) string {
	t.s.Draft.Key, t.s.Draft.Name = u.ID, u.Name
	t.s.Draft.Text, t.s.Draft.Page = "", 0
	return "role"
}

// personLabel names a person on a button: name, department and, for
// staff, their highest role, so that two people of one name can be told
// apart.
func (t *turn) personLabel(u *desk.User) string {
	parts := []string{u.Name}
	if u.Name == "" {
		parts = []string{u.ID}
	}
	if u.Department != "" {
		parts = append(parts, u.Department)
	}
	if r := u.Highest(); r != desk.RoleRequester {
		parts = append(parts, t.T("role."+string(r)))
	}
	return strings.Join(parts, " · ")
}
