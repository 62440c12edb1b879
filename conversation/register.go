package conversation

import (
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// Registration (first contact, and /profile later): name, phone, department.
func registerFlow() flow {
	return flow{first: "name", steps: map[string]step{
		"name": {
			ask: func(t *turn) talk.Message {
				var rows []talk.Row
				if n := strings.TrimSpace(t.s.Draft.Name); n != "" && len([]rune(n)) <= desk.MaxName {
					rows = []talk.Row{{Buttons: []talk.Button{t.choice(n, "keep")}}}
				}
				return t.question("reg.name", rows)
			},
			take: func(t *turn) (string, error) {
				if t.isPress && t.pressed == "keep" {
					return "phone", nil
				}
				name, err := t.textAnswer(desk.MaxName, true)
				if err != nil {
					return "", err
				}
				t.s.Draft.Name = name
				return "phone", nil
			},
		},
		"phone": {
			ask: func(t *turn) talk.Message {
				rows := []talk.Row{{Buttons: []talk.Button{{Label: t.T("btn.share_phone")}}}}
				if p := t.s.Draft.Phone; p != "" {
					rows = append(rows, talk.Row{Buttons: []talk.Button{t.choice(p, "keep")}})
				}
				m := t.question("reg.phone", rows)
				m.AskContact = true
				return m
			},
			take: func(t *turn) (string, error) {
				if t.isPress && t.pressed == "keep" && t.s.Draft.Phone != "" {
					return "department", nil
				}
				if t.in.Kind != talk.KindText && t.in.Kind != talk.KindContact {
					return "", errInvalid("err.want_phone")
				}
				p, err := desk.CleanPhone(t.in.Text)
				if err != nil {
					return "", err
				}
				t.s.Draft.Phone = p
				return "department", nil
			},
		},
		"department": {
			ask: func(t *turn) talk.Message {
				var rows []talk.Row
				if d := t.s.Draft.Department; d != "" {
					rows = []talk.Row{{Buttons: []talk.Button{t.choice(d, "keep")}}}
				}
				return t.question("reg.department", rows)
			},
			take: func(t *turn) (string, error) {
				d := t.s.Draft.Department
				if !t.isPress || t.pressed != "keep" || d == "" {
					var err error
					if d, err = t.textAnswer(desk.MaxShort, true); err != nil {
						return "", err
					}
				}
				dr := t.s.Draft
				u, err := t.svc().Register(t.ctx, t.user, desk.Profile{Name: dr.Name, Phone: dr.Phone, Department: d})
				if err != nil {
					return "", err
				}
				t.user = u
				t.acted = true
				loc := dr.Report.Location
				t.endFlow()
				t.preface("reg.done", u.Name)
				if loc.Zone != "" {
					// Registration interrupted a deep link: go on with it.
					t.reportAt(loc)
					return "", nil
				}
				t.help()
				return "", nil
			},
		},
	}}
}
