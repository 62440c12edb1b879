package conversation

import (
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// catalogSteps: editing a catalogue: which list (and zone), add, remove or
// rename, which entry, and for a rename its new name.
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
					t.choice(t.T("btn.add"), "add"), t.choice(t.T("btn.remove"), "remove"), t.choice(t.T("btn.rename"), "rename"),
				}}}, t.T("list."+t.s.Draft.Key), strings.Join(t.catalogEntries(), " / "))
			},
			take: func(t *turn) (string, error) {
				if !t.isPress || (t.pressed != "add" && t.pressed != "remove" && t.pressed != "rename") {
					return "", errInvalid("err.want_choice")
				}
				t.s.Draft.Op = t.pressed
				return "entry", nil
			},
		},
		"entry": {
			ask: func(t *turn) talk.Message {
				switch t.s.Draft.Op {
				case "remove":
					return t.question("admin.entry_remove", t.refOptions(t.catalogEntries(), t.catalogEntries(), 2))
				case "rename":
					return t.question("admin.entry_rename", t.refOptions(t.catalogEntries(), t.catalogEntries(), 2))
				}
				return t.question("admin.entry_add", nil)
			},
			take: func(t *turn) (string, error) {
				if t.s.Draft.Op == "rename" {
					v, gone, err := t.pickedRef(t.catalogEntries(), t.catalogEntries())
					if gone {
						return "", errInvalid("err.want_choice")
					}
					if err != nil {
						return "", err
					}
					t.s.Draft.Name = v
					return "rename", nil
				}
				var v string
				var err error
				if t.s.Draft.Op == "remove" {
					var gone bool
					if v, gone, err = t.pickedRef(t.catalogEntries(), t.catalogEntries()); gone {
						// Removed already, by this very press before a
						// crash or by another admin: what was asked is done.
						t.endFlow()
						t.say("admin.catalog_gone")
						return "", nil
					}
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
		"rename": {
			ask: func(t *turn) talk.Message { return t.question("admin.rename_to", nil, t.s.Draft.Name) },
			take: func(t *turn) (string, error) {
				v, err := t.textAnswer(desk.MaxShort, true)
				if err != nil {
					return "", err
				}
				d := t.s.Draft
				if _, err := t.svc().RenameCatalog(t.ctx, t.user, desk.CatalogList(d.Key), d.Zone, d.Name, v); err != nil {
					return "", err
				}
				t.acted = true
				t.endFlow()
				t.say("admin.renamed", d.Name, v)
				return "", nil
			},
		},
	}
}

func listNames() []string {
	out := make([]string, len(catalogLists))
	for i, l := range catalogLists {
		out[i] = string(l)
	}
	return out
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
