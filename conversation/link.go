package conversation

import (
	"slices"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// me shows the person's profile, as the manual's home page does, with
// a button to link another platform and one to unlink each linked
// account while more than one is left.
func (t *turn) me() {
	u := t.user
	roles := t.T("role." + string(u.Highest()))
	rows := []talk.Row{{Buttons: []talk.Button{button(t.T("btn.profile"), talk.MenuToken("profile")), button(t.T("btn.link"), talk.MenuToken("link"))}}}
	if len(u.Accounts) > 1 {
		for _, acc := range u.Accounts {
			rows = append(rows, talk.Row{Buttons: []talk.Button{button(t.T("btn.unlink", acc), talk.MenuToken("unlink", acc))}})
		}
	}
	t.send(talk.Message{Text: t.T("me.text", u.Name, u.Department, u.Phone, u.ID, roles, strings.Join(u.Accounts, ", ")), Rows: rows})
}

// cmdLink gives a code to link another platform (no argument), or links
// the account in use to the person who asked for the code, merging the
// person it reached so far into them (desk.Service.Link).
func (t *turn) cmdLink(code string) {
	if code == "" {
		if !t.user.Registered {
			t.needRegistration()
			return
		}
		c, err := t.svc().LinkCode(t.ctx, t.user)
		if err != nil {
			t.fail(err)
			return
		}
		t.say("link.code", c, int(desk.LinkCodeTTL.Minutes()))
		return
	}
	u, err := t.svc().Link(t.ctx, t.user, t.in.Account, code)
	if err != nil {
		t.fail(err)
		return
	}
	t.acted = true
	t.user, t.lang = u, u.Lang
	t.endFlow()
	t.say("link.done", u.Name, strings.Join(u.Accounts, ", "))
	t.help()
}

// cmdUnlink asks to confirm unlinking one of the person's accounts (the
// /me buttons). An account that is not theirs, or their last, is refused
// before asking; the desk checks again when it is confirmed.
func (t *turn) cmdUnlink(account string) {
	switch {
	case !slices.Contains(t.user.Accounts, account):
		t.fail(&desk.Error{Kind: desk.ErrNotFound, Msg: "err.no_account", Args: []any{account}})
	case len(t.user.Accounts) < 2:
		t.fail(&desk.Error{Kind: desk.ErrInvalid, Msg: "err.last_account"})
	default:
		t.startFlow(flowUnlink, Draft{Key: account})
	}
}

// unlinkFlow: one question, to confirm unlinking Draft.Key.
func unlinkFlow() flow {
	return flow{first: "confirm", steps: map[string]step{
		"confirm": {
			ask: func(t *turn) talk.Message {
				return t.question("link.unlink_confirm", []talk.Row{{Buttons: []talk.Button{
					t.choice(t.T("btn.yes_unlink"), "yes"), t.choice(t.T("btn.no_keep_link"), "no"),
				}}}, t.s.Draft.Key)
			},
			take: func(t *turn) (string, error) {
				if !t.isPress || (t.pressed != "yes" && t.pressed != "no") {
					return "", errInvalid("err.want_choice")
				}
				account := t.s.Draft.Key
				if t.pressed == "no" {
					t.endFlow()
					t.say("link.unlink_kept", account)
					return "", nil
				}
				u, err := t.svc().Unlink(t.ctx, t.user, account)
				if err != nil {
					t.endFlow()
					return "", err
				}
				t.acted = true
				t.endFlow()
				t.say("link.unlinked", account)
				if account == t.in.Account {
					// The account in use is a new person now: they start over.
					return "", nil
				}
				t.user = u
				t.me()
				return "", nil
			},
		},
	}}
}
