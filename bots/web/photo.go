package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// serveUpload takes a multipart form (person, chat, an optional caption
// and the file "photo"), stores the photo and hands it on as a photo
// input.
func (c *Chat) serveUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, desk.MaxPhotoBytes+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			lang := c.byKey[r.URL.Query().Get("person")].Lang
			writeJSON(w, http.StatusRequestEntityTooLarge, sendReply{Toast: say(lang, "too_big")})
			return
		}
		http.Error(w, "bad upload: "+err.Error(), http.StatusBadRequest)
		return
	}
	defer r.MultipartForm.RemoveAll()
	p, in, ok := c.input(w, r, r.FormValue("person"), r.FormValue("chat"))
	if !ok {
		return
	}
	f, _, err := r.FormFile("photo")
	if err != nil {
		http.Error(w, "no photo in the upload", http.StatusBadRequest)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, desk.MaxPhotoBytes+1))
	if err != nil {
		http.Error(w, "read upload: "+err.Error(), http.StatusBadRequest)
		return
	}
	// The type is read from the bytes, not taken from the browser.
	mime, err := photo.Check(data)
	switch {
	case errors.Is(err, photo.ErrTooBig):
		writeJSON(w, http.StatusRequestEntityTooLarge, sendReply{Toast: say(p.Lang, "too_big")})
		return
	case err != nil:
		writeJSON(w, http.StatusUnsupportedMediaType, sendReply{Toast: say(p.Lang, "not_image")})
		return
	}
	id, err := c.photos.PutPhoto(r.Context(), data, mime)
	if err != nil {
		c.log.Error("web chat: store photo", "account", p.Account(), "err", err)
		writeJSON(w, http.StatusInternalServerError, sendReply{Toast: say(p.Lang, "failed")})
		return
	}
	caption := strings.TrimSpace(r.FormValue("caption"))
	in.Kind, in.Photo, in.Text = talk.KindPhoto, id, caption
	echo := &entry{Chat: in.Chat, Text: caption, Photos: []string{id}}
	writeJSON(w, http.StatusOK, c.turn(r.Context(), p, in, echo))
}

// servePhoto serves a stored photo. Photos never change, so the browser
// may keep them.
func (c *Chat) servePhoto(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validPhotoID(id) {
		http.NotFound(w, r)
		return
	}
	data, mime, err := c.photos.Photo(r.Context(), id)
	if errors.Is(err, desk.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		c.log.Error("web chat: read photo", "photo", id, "err", err)
		http.Error(w, "photo unavailable", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	// Anything but a picture could be a page in disguise: it is never
	// served with a type a browser would render.
	if photo.IsImage(mime) {
		h.Set("Content-Type", mime)
	} else {
		h.Set("Content-Type", "application/octet-stream")
		h.Set("Content-Disposition", "attachment")
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	w.Write(data)
}

// validPhotoID keeps anything but a plain ID away from the store.
func validPhotoID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
