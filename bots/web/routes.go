package web

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"

	"github.com/repairdesk/repairdesk/i18n"
)

//go:embed static
var static embed.FS

func (c *Chat) routes() *http.ServeMux {
	mux := http.NewServeMux()
	assets, _ := fs.Sub(static, "static")
	mux.Handle("GET /{$}", page(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, assets, "index.html")
	})))
	mux.Handle("GET /static/", page(http.StripPrefix("/static/", http.FileServerFS(assets))))
	mux.HandleFunc("GET /api/people", c.serveConfig)
	mux.HandleFunc("GET /api/menu", c.serveMenu)
	mux.HandleFunc("GET /api/history", c.serveHistory)
	mux.HandleFunc("GET /events", c.serveEvents)
	mux.Handle("POST /api/send", sameOrigin(http.HandlerFunc(c.serveSend)))
	mux.Handle("POST /api/photo", sameOrigin(http.HandlerFunc(c.serveUpload)))
	mux.HandleFunc("GET /photo/{id}", c.servePhoto)
	mux.Handle("GET /file", sameOrigin(http.HandlerFunc(c.serveFile)))
	return mux
}

// page sets the headers of the page and its assets: everything comes from
// this server, and no other site may frame the page, whose buttons act as
// whoever is selected.
func page(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}

// sameOrigin refuses posts from pages of other sites. The chat has no
// login, so without this any web page open in the same browser could act
// as a demo person on a desk running on localhost.
func sameOrigin(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			http.Error(w, "cross-site request refused", http.StatusForbidden)
			return
		}
		if o := r.Header.Get("Origin"); o != "" {
			u, err := url.Parse(o)
			if err != nil || u.Host != r.Host {
				http.Error(w, "cross-origin request refused", http.StatusForbidden)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// personView is a person as the page's switcher lists them.
type personView struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	Lang    string   `json:"lang"`
	Account string   `json:"account"`
	Roles   []string `json:"roles"`
}

// config is what the page needs before it can show anything.
type config struct {
	People      []personView `json:"people"`
	Dispatch    string       `json:"dispatch"`
	Supervisors string       `json:"supervisors"`
	// Texts are the page's own words by language, then by name.
	Texts map[string]map[string]string `json:"texts"`
}

// pageTexts are the names of the page's own words, the "web." keys of the
// desk's catalogue.
var pageTexts = []string{"share", "send_failed", "edited", "send",
	"role_admin", "role_supervisor", "role_technician", "role_requester", "reply", "replying", "report_msg"}

// texts returns the page's words in both languages.
func texts() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range []string{i18n.Zh, i18n.En} {
		out[lang] = map[string]string{}
		for _, name := range pageTexts {
			out[lang][name] = i18n.T(lang, "web."+name)
		}
	}
	return out
}

func (c *Chat) serveConfig(w http.ResponseWriter, r *http.Request) {
	// The command menus are not here: they follow each person's roles,
	// which change while the page is open (serveMenu).
	cfg := config{Dispatch: dispatchChat, Supervisors: supervisorChat, Texts: texts()}
	for _, p := range c.people {
		v := personView{Key: p.Key, Name: p.Name, Lang: p.Lang, Account: p.Account(), Roles: []string{"requester"}}
		for _, role := range p.Roles {
			v.Roles = append(v.Roles, string(role))
		}
		cfg.People = append(cfg.People, v)
	}
	writeJSON(w, http.StatusOK, cfg)
}

// snapshot is the history a page shows for one person.
type snapshot struct {
	Person string             `json:"person"`
	Chats  map[string][]entry `json:"chats"`
}

// serveHistory answers what the event stream starts with, for scripts
// and tests that want the history without a stream.
func (c *Chat) serveHistory(w http.ResponseWriter, r *http.Request) {
	p, ok := c.byKey[r.URL.Query().Get("person")]
	if !ok {
		http.Error(w, "unknown person", http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, snapshot{Person: p.Key, Chats: c.history.snapshot(p.Account(), dispatchChat, supervisorChat)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
