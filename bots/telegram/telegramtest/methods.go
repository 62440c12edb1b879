package telegramtest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// methods are the Bot API methods the fake answers, by lower-case name.
func (s *Server) methods() map[string]func(*request) (any, error) {
	return map[string]func(*request) (any, error){
		"getme":               s.getMe,
		"getupdates":          s.getUpdates,
		"setwebhook":          s.setWebhook,
		"deletewebhook":       s.deleteWebhook,
		"setmycommands":       s.setMyCommands,
		"sendmessage":         s.sendMessage,
		"sendphoto":           s.sendPhoto,
		"sendmediagroup":      s.sendMediaGroup,
		"senddocument":        s.sendDocument,
		"editmessagetext":     s.editMessageText,
		"editmessagecaption":  s.editMessageCaption,
		"answercallbackquery": s.answerCallbackQuery,
		"getfile":             s.getFile,
	}
}

func (s *Server) getMe(*request) (any, error) { return s.Bot, nil }

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func (s *Server) setMyCommands(r *request) (any, error) {
	var cmds []Command
	if err := json.Unmarshal([]byte(r.fields["commands"]), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands")
	}
	for _, c := range cmds {
		if !commandName.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf16Len(c.Description); n == 0 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	scope, err := menuScope(r)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := scopeChat(scope); ok && id > 0 && !s.started[id] {
		// Telegram knows a private chat only once the person wrote.
		return nil, badRequest("chat not found")
	}
	s.commands[scope] = cmds
	return true, nil
}

// writable finds the chat a request sends to, refusing as Telegram does a
// person who has not started the bot or has blocked it. s.mu is held.
func (s *Server) writable(r *request) (*chat, error) {
	raw := strings.TrimSpace(r.fields["chat_id"])
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id == 0 {
		return nil, badRequest("chat not found")
	}
	if id > 0 {
		if s.blocked[id] {
			return nil, &apiError{status: http.StatusForbidden, description: "Forbidden: bot was blocked by the user"}
		}
		if !s.started[id] {
			return nil, &apiError{status: http.StatusForbidden, description: "Forbidden: bot can't initiate conversation with a user"}
		}
	}
	return s.chat(id), nil
}

func (s *Server) sendMessage(r *request) (any, error) {
	text := r.fields["text"]
	if err := checkText(text, 4096, "text"); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.writable(r)
	if err != nil {
		return nil, err
	}
	reply, err := s.replyTarget(r, c)
	if err != nil {
		return nil, err
	}
	m := &Message{Chat: c.info.ID, Text: text, Date: time.Now(), ReplyTo: reply}
	if err := readMarkup(r.fields["reply_markup"], m, false); err != nil {
		return nil, err
	}
	c.add(m, nil)
	return s.result(c, m), nil
}

func (s *Server) sendPhoto(r *request) (any, error) {
	caption := r.fields["caption"]
	if utf16Len(caption) > 1024 {
		return nil, badRequest("message caption is too long")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.writable(r)
	if err != nil {
		return nil, err
	}
	f, err := s.photoParam(r, "photo", r.fields["photo"])
	if err != nil {
		return nil, err
	}
	reply, err := s.replyTarget(r, c)
	if err != nil {
		return nil, err
	}
	m := &Message{Chat: c.info.ID, Caption: caption, Photo: f.data, photoFile: f.id, Date: time.Now(), ReplyTo: reply}
	if err := readMarkup(r.fields["reply_markup"], m, false); err != nil {
		return nil, err
	}
	c.add(m, nil)
	return s.result(c, m), nil
}

// photoParam reads a photo given as an upload, an "attach://" name or the
// id of a file Telegram has. s.mu is held.
func (s *Server) photoParam(r *request, field, value string) (file, error) {
	if name, ok := strings.CutPrefix(value, "attach://"); ok {
		field, value = name, ""
	}
	if data, ok := r.files[field]; ok && value == "" {
		if len(data) == 0 {
			return file{}, badRequest("file must be non-empty")
		}
		return s.newFile(data), nil
	}
	if f, ok := s.files[value]; ok {
		return f, nil
	}
	return file{}, badRequest("wrong file identifier/HTTP URL specified")
}

func (s *Server) sendMediaGroup(r *request) (any, error) {
	var media []struct {
		Type    string `json:"type"`
		Media   string `json:"media"`
		Caption string `json:"caption"`
	}
	if err := json.Unmarshal([]byte(r.fields["media"]), &media); err != nil {
		return nil, badRequest("can't parse media JSON object")
	}
	if len(media) < 2 || len(media) > 10 {
		return nil, badRequest("wrong number of media in the group: %d, want 2 to 10", len(media))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.writable(r)
	if err != nil {
		return nil, err
	}
	reply, err := s.replyTarget(r, c)
	if err != nil {
		return nil, err
	}
	var files []file
	for _, item := range media {
		if item.Type != "photo" {
			return nil, badRequest("unsupported media type %q", item.Type)
		}
		if utf16Len(item.Caption) > 1024 {
			return nil, badRequest("message caption is too long")
		}
		f, err := s.photoParam(r, "", item.Media)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	s.nextID++
	group := "album-" + strconv.Itoa(s.nextID)
	var out []any
	for i, f := range files {
		m := &Message{Chat: c.info.ID, Caption: media[i].Caption, Photo: f.data, photoFile: f.id, MediaGroup: group, Date: time.Now(), ReplyTo: reply}
		c.add(m, nil)
		out = append(out, s.result(c, m))
	}
	return out, nil
}

// editable finds the bot's message an edit refers to. s.mu is held.
func (s *Server) editable(r *request) (*chat, *Message, error) {
	id, _ := strconv.ParseInt(r.fields["chat_id"], 10, 64)
	c := s.chats[id]
	if c == nil {
		return nil, nil, badRequest("chat not found")
	}
	mid, _ := strconv.Atoi(r.fields["message_id"])
	m := c.find(mid)
	if m == nil {
		return nil, nil, badRequest("message to edit not found")
	}
	if !m.FromBot {
		return nil, nil, badRequest("message can't be edited")
	}
	return c, m, nil
}

var errNotModified = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

func (s *Server) editMessageText(r *request) (any, error) {
	text := r.fields["text"]
	if err := checkText(text, 4096, "text"); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, err := s.editable(r)
	if err != nil {
		return nil, err
	}
	if len(m.Photo) > 0 {
		return nil, badRequest("there is no text in the message to edit")
	}
	next := *m
	next.Text, next.Buttons = text, nil
	if err := readMarkup(r.fields["reply_markup"], &next, true); err != nil {
		return nil, err
	}
	if next.Text == m.Text && sameButtons(next.Buttons, m.Buttons) {
		return nil, errNotModified
	}
	next.Edits++
	*m = next
	return s.result(c, m), nil
}

func (s *Server) editMessageCaption(r *request) (any, error) {
	caption := r.fields["caption"]
	if utf16Len(caption) > 1024 {
		return nil, badRequest("message caption is too long")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, err := s.editable(r)
	if err != nil {
		return nil, err
	}
	if len(m.Photo) == 0 {
		return nil, badRequest("there is no caption in the message to edit")
	}
	next := *m
	next.Caption, next.Buttons = caption, nil
	if err := readMarkup(r.fields["reply_markup"], &next, true); err != nil {
		return nil, err
	}
	if next.Caption == m.Caption && sameButtons(next.Buttons, m.Buttons) {
		return nil, errNotModified
	}
	next.Edits++
	*m = next
	return s.result(c, m), nil
}

func (s *Server) answerCallbackQuery(r *request) (any, error) {
	id, text := r.fields["callback_query_id"], r.fields["text"]
	if utf16Len(text) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if answered, ok := s.queries[id]; !ok || answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	s.queries[id] = true
	if u := r.fields["url"]; u != "" && !strings.HasPrefix(u, "https://t.me/"+s.Bot.Username+"?start=") {
		return nil, badRequest("URL_INVALID")
	}
	s.answers = append(s.answers, Answer{QueryID: id, Text: text, URL: r.fields["url"]})
	return true, nil
}

func (s *Server) getFile(r *request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[r.fields["file_id"]]
	if !ok {
		return nil, badRequest("invalid file_id")
	}
	return map[string]any{"file_id": f.id, "file_unique_id": "u" + f.id, "file_size": len(f.data), "file_path": f.path}, nil
}

// result is a sent message as the Bot API returns it. s.mu is held.
func (s *Server) result(c *chat, m *Message) map[string]any {
	bot := s.Bot
	out := map[string]any{"message_id": m.ID, "date": m.Date.Unix(), "chat": c.info, "from": bot}
	if m.Text != "" {
		out["text"] = m.Text
	}
	if m.Caption != "" {
		out["caption"] = m.Caption
	}
	if len(m.Photo) > 0 {
		out["photo"] = []PhotoSize{{FileID: m.photoFile, FileUniqueID: "u" + m.photoFile, Width: 1280, Height: 960, FileSize: len(m.Photo)}}
	}
	if m.MediaGroup != "" {
		out["media_group_id"] = m.MediaGroup
	}
	if m.DocumentName != "" {
		out["document"] = s.documentResult(m)
	}
	if m.ReplyTo != 0 {
		if q := s.quoted(c.info.ID, m.ReplyTo); q != nil {
			out["reply_to_message"] = q
		}
	}
	if len(m.Buttons) > 0 {
		var rows [][]map[string]string
		for _, row := range m.Buttons {
			var r []map[string]string
			for _, b := range row {
				r = append(r, map[string]string{"text": b.Text, "callback_data": b.Data})
			}
			rows = append(rows, r)
		}
		out["reply_markup"] = map[string]any{"inline_keyboard": rows}
	}
	return out
}

func checkText(text string, limit int, what string) error {
	switch n := utf16Len(strings.TrimSpace(text)); {
	case n == 0:
		return badRequest("message %s is empty", what)
	case n > limit:
		return badRequest("message is too long")
	}
	return nil
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func sameButtons(a, b [][]Button) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}
