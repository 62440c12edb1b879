package web_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/repairdesk/repairdesk/i18n"
)

// The page's own words come with its configuration, from the desk's one
// catalogue, in both languages.
func TestPageTexts(t *testing.T) {
	s := newSite(t)
	res, err := http.Get(s.srv.URL + "/api/people")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var cfg struct {
		Texts map[string]map[string]string `json:"texts"`
	}
	if err := json.NewDecoder(res.Body).Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, name, key string }{
		{i18n.Zh, "send", "web.send"}, {i18n.En, "send", "web.send"},
		{i18n.En, "share", "web.share"}, {i18n.Zh, "role_technician", "web.role_technician"},
		{i18n.En, "send_failed", "web.send_failed"}, {i18n.Zh, "edited", "web.edited"},
	} {
		if got, want := cfg.Texts[c.lang][c.name], i18n.T(c.lang, c.key); got != want || got == c.key {
			t.Errorf("%s %s: %q, want %q", c.lang, c.name, got, want)
		}
	}
}
