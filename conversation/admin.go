package conversation

import (
	"fmt"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

func (t *turn) cmdAdmin(string) { t.startFlow(flowAdmin, Draft{}) }

var adminMenu = []string{"roles", "settings", "catalog", "faq_add", "faq_edit", "faq_delete", "codes", "queues"}

var catalogLists = []desk.CatalogList{desk.ListZones, desk.ListBuildings, desk.ListProblemTypes, desk.ListRepairTypes}

// adminFlow: roles, settings, catalogues, room codes, FAQ articles and
// dispatch queues, each a group of steps, reached from the menu.
func adminFlow() flow {
	return flow{first: "menu", steps: steps(adminMenuSteps(), roleSteps(), settingSteps(), catalogSteps(), codeSteps(), articleSteps(), queueSteps())}
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
				case "codes":
					if t.in.StartLink == "" {
						// No link would open the desk from a code here.
						t.endFlow()
						t.say("admin.codes_no_link")
						return "", nil
					}
					return "code_zone", nil
				case "queues":
					return "queues", nil
				case "faq_add":
					return "faq_title", nil
				case "faq_edit":
					return "faq_edit", nil
				}
				return "faq_pick", nil
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

func (t *turn) roleOps() []string {
	var ops []string
	for _, r := range desk.Roles {
		ops = append(ops, "+ "+t.T("role."+string(r)), "− "+t.T("role."+string(r)))
	}
	return ops
}
