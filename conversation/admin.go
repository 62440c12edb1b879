package conversation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

func (t *turn) cmdAdmin(string) { t.startFlow(flowAdmin, Draft{}) }

var adminMenu = []string{"roles", "settings", "catalog", "faq_add", "faq_delete"}

var catalogLists = []desk.CatalogList{desk.ListZones, desk.ListBuildings, desk.ListProblemTypes, desk.ListRepairTypes}

// adminFlow: roles, settings, catalogues and FAQ articles, each a group
// of steps below, reached from the menu.
func adminFlow() flow {
	return flow{first: "menu", steps: steps(adminMenuSteps(), roleSteps(), settingSteps(), catalogSteps(), articleSteps())}
}

// adminMenuSteps: the first question: what to administer.
func adminMenuSteps() map[string]step {
	return map[string]step{
		"menu": {
			ask: func(t *turn) talk.Message {
				return t.question("admin.menu", t.options(t.labels("admin.", adminMenu), 2))
			},
			take: func(t *turn) (string, error) {
				i, err := t.pickedIndex(t.labels("admin.", adminMenu))
				if err != nil {
					return "", err
				}
				switch adminMenu[i] {
				case "roles":
					return "user", nil
				case "settings":
					return "setting", nil
				case "catalog":
					return "list", nil
				case "faq_add":
					return "faq_title", nil
				}
				return "faq_pick", nil
			},
		},
	}
}

// roleSteps: granting and revoking roles: whom, then which role.
func roleSteps() map[string]step {
	return map[string]step{
		"user": {
			ask: func(t *turn) talk.Message {
				var b strings.Builder
				b.WriteString(t.T("admin.user", t.typed("me")))
				if staff, err := t.svc().Staff(t.ctx, t.user); err == nil {
					slices.SortFunc(staff, func(a, b *desk.User) int { return strings.Compare(a.Name, b.Name) })
					for _, u := range staff {
						fmt.Fprintf(&b, "\n· %s  %s  %v", u.ID, u.Name, u.Roles)
					}
				}
				return talk.Message{Text: b.String()}
			},
			take: func(t *turn) (string, error) {
				s, err := t.textAnswer(80, true)
				if err != nil {
					return "", err
				}
				u, err := t.svc().Find(t.ctx, t.user, s)
				if err != nil {
					return "", errInvalid("err.no_user", s, t.typed("me"))
				}
				t.s.Draft.Key = u.ID
				t.s.Draft.Name = u.Name
				return "role", nil
			},
		},
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

// settingSteps: changing a setting: which, then its value.
func settingSteps() map[string]step {
	return map[string]step{
		"setting": {
			ask: func(t *turn) talk.Message {
				st := t.Settings()
				var b strings.Builder
				b.WriteString(t.T("admin.setting"))
				keys := make([]string, len(desk.SettingsTable))
				for i, s := range desk.SettingsTable {
					keys[i] = s.Key
					fmt.Fprintf(&b, "\n· %s = %s", s.Key, s.Get(&st))
				}
				return talk.Message{Text: b.String(), Rows: t.options(keys, 2)}
			},
			take: func(t *turn) (string, error) {
				keys := make([]string, len(desk.SettingsTable))
				for i, s := range desk.SettingsTable {
					keys[i] = s.Key
				}
				k, err := t.picked(keys)
				if err != nil {
					return "", err
				}
				t.s.Draft.Key = k
				return "value", nil
			},
		},
		"value": {
			ask: func(t *turn) talk.Message {
				st := t.Settings()
				s, _ := desk.SettingByKey(t.s.Draft.Key)
				return t.question("admin.value", nil, s.Key, s.Get(&st))
			},
			take: func(t *turn) (string, error) {
				v, err := t.textAnswer(200, true)
				if err != nil {
					return "", err
				}
				st, err := t.svc().SetSetting(t.ctx, t.user, t.s.Draft.Key, v)
				if err != nil {
					return "", err
				}
				t.acted = true
				s, _ := desk.SettingByKey(t.s.Draft.Key)
				t.endFlow()
				t.say("admin.saved", s.Key, s.Get(&st))
				return "", nil
			},
		},
	}
}

// catalogSteps: editing a catalogue: which list (and zone), add or remove, which entry.
func catalogSteps() map[string]step {
	return map[string]step{
		"list": {
			ask: func(t *turn) talk.Message {
				return t.question("admin.list", t.options(t.labels("list.", listNames()), 2))
			},
			take: func(t *turn) (string, error) {
				i, err := t.pickedIndex(t.labels("list.", listNames()))
				if err != nil {
					return "", err
				}
				t.s.Draft.Key = string(catalogLists[i])
				if catalogLists[i] == desk.ListBuildings {
					return "zone", nil
				}
				return "op", nil
			},
		},
		"zone": {
			ask: func(t *turn) talk.Message { return t.question("rep.zone", t.options(zoneNames(t.Catalog()), 2)) },
			take: func(t *turn) (string, error) {
				z, err := t.picked(zoneNames(t.Catalog()))
				if err != nil {
					return "", err
				}
				t.s.Draft.Zone = z
				return "op", nil
			},
		},
		"op": {
			ask: func(t *turn) talk.Message {
				return t.question("admin.op", []talk.Row{{Buttons: []talk.Button{
					t.choice(t.T("btn.add"), "add"), t.choice(t.T("btn.remove"), "remove"),
				}}}, t.T("list."+t.s.Draft.Key), strings.Join(t.catalogEntries(), " / "))
			},
			take: func(t *turn) (string, error) {
				if !t.isPress || (t.pressed != "add" && t.pressed != "remove") {
					return "", errInvalid("err.want_choice")
				}
				t.s.Draft.Op = t.pressed
				return "entry", nil
			},
		},
		"entry": {
			ask: func(t *turn) talk.Message {
				if t.s.Draft.Op == "remove" {
					return t.question("admin.entry_remove", t.options(t.catalogEntries(), 2))
				}
				return t.question("admin.entry_add", nil)
			},
			take: func(t *turn) (string, error) {
				var v string
				var err error
				if t.s.Draft.Op == "remove" {
					v, err = t.picked(t.catalogEntries())
				} else {
					v, err = t.textAnswer(desk.MaxShort, true)
				}
				if err != nil {
					return "", err
				}
				d := t.s.Draft
				if _, err := t.svc().EditCatalog(t.ctx, t.user, desk.CatalogList(d.Key), d.Zone, v, d.Op == "add"); err != nil {
					return "", err
				}
				t.acted = true
				t.endFlow()
				t.say("admin.catalog_saved", v)
				return "", nil
			},
		},
	}
}

// articleSteps: writing or deleting a FAQ article.
func articleSteps() map[string]step {
	return map[string]step{
		"faq_title": textStep("admin.faq_title", desk.MaxTitle, true, func(d *Draft) *string { return &d.Name }, "faq_body"),
		"faq_body":  textStep("admin.faq_body", desk.MaxText, true, func(d *Draft) *string { return &d.Text }, "faq_keywords"),
		"faq_keywords": {
			ask: func(t *turn) talk.Message { return t.question("admin.faq_keywords", []talk.Row{t.skipRow()}) },
			take: func(t *turn) (string, error) {
				k, err := t.textAnswer(desk.MaxText, false)
				if err != nil {
					return "", err
				}
				a, err := t.svc().SaveArticle(t.ctx, t.user, desk.Article{
					Title: t.s.Draft.Name, Body: t.s.Draft.Text, Keywords: splitKeywords(k),
				})
				if err != nil {
					return "", err
				}
				t.acted = true
				t.endFlow()
				t.say("admin.faq_saved", a.Title)
				return "", nil
			},
		},
		"faq_pick": {
			ask: func(t *turn) talk.Message { return t.question("admin.faq_pick", t.options(t.articleTitles(), 1)) },
			take: func(t *turn) (string, error) {
				as, _ := t.svc().Articles(t.ctx)
				i, err := t.pickedIndex(t.articleTitles())
				if err != nil || i >= len(as) {
					return "", errInvalid("err.want_choice")
				}
				if err := t.svc().DeleteArticle(t.ctx, t.user, as[i].ID); err != nil {
					return "", err
				}
				t.acted = true
				t.endFlow()
				t.say("admin.faq_deleted", as[i].Title)
				return "", nil
			},
		},
	}
}

// pickedIndex is picked for a list, returning the position.
func (t *turn) pickedIndex(list []string) (int, error) {
	v, err := t.picked(list)
	if err != nil {
		return 0, err
	}
	for i, s := range list {
		if s == v {
			return i, nil
		}
	}
	return 0, errInvalid("err.want_choice")
}

func (t *turn) labels(prefix string, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = t.T(prefix + k)
	}
	return out
}

func listNames() []string {
	out := make([]string, len(catalogLists))
	for i, l := range catalogLists {
		out[i] = string(l)
	}
	return out
}

func (t *turn) roleOps() []string {
	var ops []string
	for _, r := range desk.Roles {
		ops = append(ops, "+ "+t.T("role."+string(r)), "− "+t.T("role."+string(r)))
	}
	return ops
}

func (t *turn) catalogEntries() []string {
	c := t.Catalog()
	switch desk.CatalogList(t.s.Draft.Key) {
	case desk.ListZones:
		return zoneNames(c)
	case desk.ListBuildings:
		z, _ := c.Zone(t.s.Draft.Zone)
		return z.Buildings
	case desk.ListProblemTypes:
		return c.ProblemTypes
	}
	return c.RepairTypes
}

func (t *turn) articleTitles() []string {
	as, err := t.svc().Articles(t.ctx)
	if err != nil {
		t.e.log.Warn("list articles", "err", err)
	}
	titles := make([]string, len(as))
	for i, a := range as {
		titles[i] = a.Title
	}
	return titles
}

func splitKeywords(s string) []string {
	out := []string{}
	for _, k := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '，' || r == '、' }) {
		out = append(out, strings.ToLower(k))
	}
	return out
}
