package fakeslack

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Download is one request for a file's url_private.
type Download struct {
	File string
	// Authorized is whether it carried the bot token; the file is served
	// only then.
	Authorized bool
}

// upload takes the bytes of a file whose upload URL the bot asked for:
// a multipart form with the file in "file", as slack-go sends it.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, id string) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	part, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	data, err := io.ReadAll(io.LimitReader(part, 64<<20))
	if err != nil {
		http.Error(w, "bad upload", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notify()
	f := s.files[id]
	if f == nil || f.done {
		http.NotFound(w, r)
		return
	}
	f.Data = data
	f.Mimetype = http.DetectContentType(data)
	s.calls = append(s.calls, Call{Method: "upload", Params: map[string]string{"file": id, "bytes": strconv.Itoa(len(data))}, Status: 200})
	fmt.Fprintf(w, "OK - %d", len(data))
}

// download serves a file's url_private to the bot token, and redirects
// anyone else to the sign-in page, as Slack does.
func (s *Server) download(w http.ResponseWriter, r *http.Request, path string) {
	id, _, _ := strings.Cut(path, "/")
	s.mu.Lock()
	f := s.files[id]
	ok := r.Header.Get("Authorization") == "Bearer "+s.BotToken
	s.downloads = append(s.downloads, Download{File: id, Authorized: ok})
	s.notify()
	var data []byte
	if f != nil {
		data = f.Data
	}
	s.mu.Unlock()
	switch {
	case f == nil:
		http.NotFound(w, r)
	case !ok:
		http.Redirect(w, r, "/signin?redir="+url.QueryEscape(r.URL.Path), http.StatusFound)
	default:
		w.Header().Set("Content-Type", f.Mimetype)
		_, _ = w.Write(data)
	}
}

// Downloads returns the requests for people's files, in order.
func (s *Server) Downloads() []Download {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Download(nil), s.downloads...)
}

// addFile keeps a file a person shares and returns it as the Events API
// shows it. s.mu is held.
func (s *Server) addFile(user, name, mimetype string, data []byte) map[string]any {
	f := &File{ID: "F" + strconv.Itoa(s.next()), Name: name, Title: name, Mimetype: mimetype, Data: data, User: user, done: true}
	s.files[f.ID] = f
	u := s.URL + "/files-pri/" + f.ID + "/" + url.PathEscape(name)
	return map[string]any{"id": f.ID, "name": name, "title": name, "mimetype": mimetype, "filetype": "",
		"size": len(data), "mode": "hosted", "is_external": false, "user": user,
		"url_private": u, "url_private_download": u + "?download=1"}
}
