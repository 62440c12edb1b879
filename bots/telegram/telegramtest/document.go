package telegramtest

import (
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// maxUpload is the largest file a bot may upload: "50 MB max size for
// other files" (sending files, in the Bot API's documentation).
const maxUpload = 50 << 20

// sendDocument takes a general file, as the Bot API documents it: the
// "document" parameter is a multipart upload (or "attach://<name>"), or
// the file_id of a file Telegram has; an optional caption of up to 1024
// characters. The answer is the message, with its document.
func (s *Server) sendDocument(r *request) (any, error) {
	caption := r.fields["caption"]
	if utf16Len(caption) > 1024 {
		return nil, badRequest("message caption is too long")
	}
	field, value := "document", r.fields["document"]
	if name, ok := strings.CutPrefix(value, "attach://"); ok {
		field, value = name, ""
	}
	data, uploaded := r.files[field]
	if uploaded && value == "" && len(data) > maxUpload {
		return nil, &apiError{status: http.StatusRequestEntityTooLarge, description: "Request Entity Too Large"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.writable(r)
	if err != nil {
		return nil, err
	}
	var f file
	name := ""
	switch {
	case uploaded && value == "":
		if len(data) == 0 {
			return nil, badRequest("file must be non-empty")
		}
		f, name = s.newFile(data), r.names[field]
		if name == "" {
			name = "document"
		}
		f.name = name
		s.files[f.id] = f
	default:
		known, ok := s.files[value]
		if !ok {
			return nil, badRequest("wrong file identifier/HTTP URL specified")
		}
		f, name = known, known.name
		if name == "" {
			name = path.Base(known.path)
		}
	}
	reply, err := s.replyTarget(r, c)
	if err != nil {
		return nil, err
	}
	m := &Message{Chat: c.info.ID, Caption: caption, Document: f.data, DocumentName: name, docFile: f.id, Date: time.Now(), ReplyTo: reply}
	if err := readMarkup(r.fields["reply_markup"], m, false); err != nil {
		return nil, err
	}
	c.add(m, nil)
	return s.result(c, m), nil
}

// documentResult is a message's document as the Bot API shows it.
func (s *Server) documentResult(m *Message) map[string]any {
	out := map[string]any{"file_id": m.docFile, "file_unique_id": "u" + m.docFile, "file_name": m.DocumentName,
		"file_size": len(m.Document)}
	if t := mime.TypeByExtension(path.Ext(m.DocumentName)); t != "" {
		t, _, _ = strings.Cut(t, ";")
		out["mime_type"] = t
	}
	return out
}
