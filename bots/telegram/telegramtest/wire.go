package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// apiError is a Bot API error answer.
type apiError struct {
	status      int
	description string
	retryAfter  int
}

func (e *apiError) Error() string { return e.description }

func badRequest(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

// request is a parsed Bot API request.
type request struct {
	method string
	fields map[string]string
	files  map[string][]byte
	// names are the uploads' file names, by field.
	names map[string]string
	http  *http.Request
	at    time.Time // when it arrived
}

func (r *request) int64(name string) int64 {
	v, _ := strconv.ParseInt(strings.TrimSpace(r.fields[name]), 10, 64)
	return v
}

// parse reads a request's parameters: from the query string, and from a
// multipart, urlencoded or JSON body, as Telegram accepts them.
func parse(hr *http.Request) (*request, error) {
	r := &request{fields: map[string]string{}, files: map[string][]byte{}, names: map[string]string{}, http: hr}
	for k, v := range hr.URL.Query() {
		r.fields[k] = v[0]
	}
	ct, _, _ := mime.ParseMediaType(hr.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if err := hr.ParseMultipartForm(64 << 20); err != nil {
			// A call without parameters comes as a multipart body
			// without parts; Telegram takes it as no parameters.
			if strings.Contains(err.Error(), "EOF") {
				return r, nil
			}
			return nil, fmt.Errorf("multipart: %w", err)
		}
		defer hr.MultipartForm.RemoveAll()
		for k, v := range hr.MultipartForm.Value {
			r.fields[k] = v[0]
		}
		for k, fhs := range hr.MultipartForm.File {
			f, err := fhs[0].Open()
			if err != nil {
				return nil, err
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, err
			}
			r.files[k], r.names[k] = data, fhs[0].Filename
		}
	case "application/x-www-form-urlencoded":
		if err := hr.ParseForm(); err != nil {
			return nil, err
		}
		for k, v := range hr.PostForm {
			r.fields[k] = v[0]
		}
	case "application/json":
		var body map[string]json.RawMessage
		if err := json.NewDecoder(hr.Body).Decode(&body); err != nil {
			return nil, err
		}
		for k, v := range body {
			var str string
			if json.Unmarshal(v, &str) == nil {
				r.fields[k] = str
			} else {
				r.fields[k] = string(v)
			}
		}
	}
	return r, nil
}

// reply writes a Bot API answer.
func reply(w http.ResponseWriter, result any, err error) {
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		e, ok := err.(*apiError)
		if !ok {
			e = &apiError{status: http.StatusInternalServerError, description: err.Error()}
		}
		body := map[string]any{"ok": false, "error_code": e.status, "description": e.description}
		if e.retryAfter > 0 {
			body["parameters"] = map[string]any{"retry_after": e.retryAfter}
		}
		w.WriteHeader(e.status)
		json.NewEncoder(w).Encode(body)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// download serves a file by its path, as api.telegram.org/file/bot… does.
func (s *Server) download(w http.ResponseWriter, path string) {
	s.mu.Lock()
	var data []byte
	found := false
	for _, f := range s.files {
		if f.path == path {
			data, found = f.data, true
			break
		}
	}
	s.mu.Unlock()
	if !found {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
}
