package web

import "net/http"

// menuView is a person's command menu as the page shows it.
type menuView struct {
	Person   string      `json:"person"`
	Lang     string      `json:"lang"`
	Role     string      `json:"role"`
	Commands [][2]string `json:"commands"` // name, description
}

// serveMenu answers the command menu of one person as the desk knows them
// now. The page asks again when a person is selected and after each of
// their inputs, so that a role granted or a language chosen since shows
// without a reload, and a requester is never offered /stats or /admin.
func (c *Chat) serveMenu(w http.ResponseWriter, r *http.Request) {
	p, ok := c.byKey[r.URL.Query().Get("person")]
	if !ok {
		http.Error(w, "unknown person", http.StatusNotFound)
		return
	}
	if c.refuseNonDemo(w, r, p) {
		// The menu would show the roles of the person linked.
		return
	}
	m, err := c.engine.Menu(r.Context(), p.Account(), p.Lang)
	if err != nil {
		// The page keeps the menu it has.
		c.log.Warn("web chat: menu not read", "person", p.Key, "err", err)
		http.Error(w, "menu not available", http.StatusServiceUnavailable)
		return
	}
	writeJSON(w, http.StatusOK, menuView{Person: p.Key, Lang: m.Lang, Role: string(m.Role), Commands: m.Commands})
}
