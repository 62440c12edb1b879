package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// serveFile makes the file a message carries (talk.File, shown on the
// page as a download link) for the person named, and sends it as an
// attachment. The link is no authority: the desk checks the person's
// roles as it makes the file (talk.FileMaker), so a link typed by hand,
// for a person who may not have it, gets nothing. It is made into a
// temporary file first, so that a refusal is an error page rather than
// a download cut short.
func (c *Chat) serveFile(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, ok := c.byKey[q.Get("person")]
	f := talk.File{Name: q.Get("name"), Ref: q.Get("ref")}
	if !ok || !validFileName(f.Name) || f.Ref == "" {
		http.NotFound(w, r)
		return
	}
	if c.files == nil {
		http.Error(w, "files are not available", http.StatusNotFound)
		return
	}
	if err := c.demo(r.Context(), p); err != nil {
		http.Error(w, "not a demo person", http.StatusForbidden)
		return
	}
	tmp, size, done, err := edge.MakeFile(func(out io.Writer) error { return c.files.WriteFile(r.Context(), p.Account(), f, out) })
	if err != nil && !errors.Is(err, edge.ErrNotMade) {
		c.log.Error("web chat: file", "err", err)
		http.Error(w, "file unavailable", http.StatusInternalServerError)
		return
	}
	if err != nil {
		c.log.Warn("web chat: file not made", "account", p.Account(), "file", f.Name, "err", err)
		key, args := desk.MessageOf(err)
		status := http.StatusInternalServerError
		switch {
		case errors.Is(err, desk.ErrForbidden), errors.Is(err, desk.ErrNotFound):
			status = http.StatusForbidden
		case errors.Is(err, desk.ErrInvalid):
			status = http.StatusRequestEntityTooLarge
		}
		http.Error(w, i18n.T(p.Lang, key, args...), status)
		return
	}
	defer done()
	h := w.Header()
	kind := mime.TypeByExtension(path.Ext(f.Name))
	if kind == "" {
		kind = "application/octet-stream"
	}
	h.Set("Content-Type", kind)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	io.Copy(w, tmp)
}

// validFileName keeps file names to what needs no escaping in a header.
func validFileName(name string) bool {
	if name == "" || len(name) > 100 || name[0] == '.' {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}
