package fakeslack

import (
	"encoding/json"
	"strconv"
	"strings"
)

// method is one Web API method. s.mu is held.
type method func(s *Server, r *request) (map[string]any, *apiError)

var methods map[string]method

func init() {
	methods = map[string]method{
		"auth.test":                    (*Server).authTest,
		"chat.postMessage":             (*Server).postMessage,
		"chat.update":                  (*Server).update,
		"chat.postEphemeral":           (*Server).postEphemeral,
		"conversations.open":           (*Server).openConversation,
		"users.info":                   (*Server).userInfo,
		"views.publish":                (*Server).publishView,
		"views.open":                   (*Server).openView,
		"files.getUploadURLExternal":   (*Server).uploadURL,
		"files.completeUploadExternal": (*Server).completeUpload,
		"apps.connections.open":        (*Server).openConnection,
		"conversations.history":        (*Server).history,
	}
}

func (s *Server) authTest(*request) (map[string]any, *apiError) {
	return map[string]any{"url": s.URL + "/", "team": "Fake workspace", "user": "repairdesk",
		"team_id": s.Team, "user_id": s.BotUser, "bot_id": "B0FAKE"}, nil
}

// content reads and checks a message's text and blocks as Slack does.
func content(r *request, limit int) (string, Blocks, *apiError) {
	text := r.params["text"]
	var blocks Blocks
	if raw := r.params["blocks"]; raw != "" {
		if err := json.Unmarshal([]byte(raw), &blocks); err != nil {
			return "", nil, fail("invalid_blocks_format")
		}
	}
	if strings.TrimSpace(text) == "" && len(blocks) == 0 {
		return "", nil, fail("no_text")
	}
	if runeLen(text) > maxText {
		return "", nil, fail("msg_too_long")
	}
	if code := checkBlocks(blocks, limit); code != "" {
		return "", nil, fail(code)
	}
	return text, blocks, nil
}

func (s *Server) postMessage(r *request) (map[string]any, *apiError) {
	c := s.channels[r.params["channel"]]
	if c == nil {
		return nil, fail("channel_not_found")
	}
	text, blocks, err := content(r, maxBlocks)
	if err != nil {
		return nil, err
	}
	thread, err := c.thread(r.params["thread_ts"])
	if err != nil {
		return nil, err
	}
	m := &Message{Channel: c.id, TS: s.ts(), User: s.BotUser, Text: text, Blocks: blocks, ThreadTS: thread}
	c.messages = append(c.messages, m)
	return map[string]any{"channel": c.id, "ts": m.TS,
		"message": map[string]any{"type": "message", "user": s.BotUser, "text": text, "ts": m.TS}}, nil
}

// thread is the thread a message with thread_ts ts joins: the thread of
// the message ts names, or of its parent when ts names a reply (Slack
// keeps threads one level deep); "" for none. A ts that names no
// message of the channel is refused.
func (c *channel) thread(ts string) (string, *apiError) {
	if ts == "" {
		return "", nil
	}
	for _, m := range c.messages {
		if m.TS == ts {
			if m.ThreadTS != "" {
				return m.ThreadTS, nil
			}
			m.ThreadTS = m.TS // it heads a thread now
			return m.TS, nil
		}
	}
	return "", fail("thread_not_found")
}

func (s *Server) update(r *request) (map[string]any, *apiError) {
	c := s.channels[r.params["channel"]]
	if c == nil {
		return nil, fail("channel_not_found")
	}
	var m *Message
	for _, x := range c.messages {
		if x.TS == r.params["ts"] {
			m = x
		}
	}
	switch {
	case m == nil:
		return nil, fail("message_not_found")
	case m.User != s.BotUser:
		return nil, fail("cant_update_message")
	}
	text, blocks, err := content(r, maxBlocks)
	if err != nil {
		return nil, err
	}
	m.Text, m.Blocks = text, blocks
	m.Edits++
	return map[string]any{"channel": c.id, "ts": m.TS, "text": text}, nil
}

func (s *Server) postEphemeral(r *request) (map[string]any, *apiError) {
	c := s.channels[r.params["channel"]]
	if c == nil {
		return nil, fail("channel_not_found")
	}
	if s.users[r.params["user"]] == nil {
		return nil, fail("user_not_in_channel")
	}
	text, blocks, err := content(r, maxBlocks)
	if err != nil {
		return nil, err
	}
	m := &Message{Channel: c.id, TS: s.ts(), User: s.BotUser, Text: text, Blocks: blocks, For: r.params["user"]}
	s.ephemeral = append(s.ephemeral, m)
	return map[string]any{"message_ts": m.TS}, nil
}

func (s *Server) openConversation(r *request) (map[string]any, *apiError) {
	users := strings.Split(r.params["users"], ",")
	if len(users) != 1 || s.users[users[0]] == nil {
		return nil, fail("user_not_found")
	}
	dm := DMOf(users[0])
	if s.channels[dm] == nil {
		s.channels[dm] = &channel{id: dm, person: users[0]}
	}
	return map[string]any{"no_op": true, "already_open": true, "channel": map[string]any{"id": dm, "is_im": true, "user": users[0]}}, nil
}

func (s *Server) userInfo(r *request) (map[string]any, *apiError) {
	u := s.users[r.params["user"]]
	if u == nil {
		return nil, fail("user_not_found")
	}
	user := map[string]any{"id": u.ID, "team_id": s.Team, "name": u.Name, "real_name": u.RealName,
		"profile": map[string]any{"real_name": u.RealName, "display_name": u.Name}}
	// Slack tells the locale only when asked.
	if r.params["include_locale"] == "true" && u.Locale != "" {
		user["locale"] = u.Locale
	}
	return map[string]any{"user": user}, nil
}

// viewRequest is a view as views.publish and views.open take it.
type viewRequest struct {
	Type            string `json:"type"`
	Blocks          Blocks `json:"blocks"`
	CallbackID      string `json:"callback_id"`
	PrivateMetadata string `json:"private_metadata"`
	Title           *Text  `json:"title"`
	NotifyOnClose   bool   `json:"notify_on_close"`
}

func (s *Server) readView(r *request, want string) (viewRequest, *apiError) {
	var v viewRequest
	if err := json.Unmarshal(r.raw["view"], &v); err != nil || v.Type != want {
		return v, fail("invalid_arguments")
	}
	if code := checkBlocks(v.Blocks, maxViewBlocks); code != "" {
		return v, fail(code)
	}
	return v, nil
}

func (s *Server) publishView(r *request) (map[string]any, *apiError) {
	user := r.params["user_id"]
	if s.users[user] == nil {
		return nil, fail("user_not_found")
	}
	v, err := s.readView(r, "home")
	if err != nil {
		return nil, err
	}
	id := "V" + strconv.Itoa(s.next())
	s.views[user] = View{ID: id, Type: v.Type, User: user, CallbackID: v.CallbackID, Metadata: v.PrivateMetadata, Blocks: v.Blocks}
	return map[string]any{"view": map[string]any{"id": id, "type": v.Type}}, nil
}

func (s *Server) openView(r *request) (map[string]any, *apiError) {
	trigger := r.params["trigger_id"]
	user, ok := s.triggers[trigger]
	if !ok {
		return nil, fail("invalid_trigger_id")
	}
	v, err := s.readView(r, "modal")
	if err != nil {
		return nil, err
	}
	if v.Title == nil || v.Title.Text == "" || runeLen(v.Title.Text) > 24 {
		return nil, fail("invalid_arguments")
	}
	delete(s.triggers, trigger)
	id := "V" + strconv.Itoa(s.next())
	s.modals = append(s.modals, View{ID: id, Type: v.Type, User: user, TriggerID: trigger, CallbackID: v.CallbackID,
		Title: v.Title.Text, Metadata: v.PrivateMetadata, NotifyOnClose: v.NotifyOnClose, Blocks: v.Blocks})
	return map[string]any{"view": map[string]any{"id": id, "type": v.Type}}, nil
}

func (s *Server) uploadURL(r *request) (map[string]any, *apiError) {
	name := r.params["filename"]
	n, err := strconv.Atoi(r.params["length"])
	if name == "" || err != nil || n <= 0 {
		return nil, fail("invalid_arguments")
	}
	f := &File{ID: "F" + strconv.Itoa(s.next()), Name: name, User: s.BotUser}
	s.files[f.ID] = f
	return map[string]any{"upload_url": s.URL + "/upload/" + f.ID, "file_id": f.ID}, nil
}

func (s *Server) completeUpload(r *request) (map[string]any, *apiError) {
	var summaries []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(r.params["files"]), &summaries); err != nil || len(summaries) == 0 {
		return nil, fail("invalid_arguments")
	}
	channelID := r.params["channel_id"]
	if channelID == "" {
		channelID = r.params["channels"]
	}
	c := s.channels[channelID]
	if channelID != "" && c == nil {
		return nil, fail("channel_not_found")
	}
	var thread string
	if c != nil {
		var err *apiError
		if thread, err = c.thread(r.params["thread_ts"]); err != nil {
			return nil, err
		}
	}
	var shared []File
	var out []map[string]any
	for _, sum := range summaries {
		f := s.files[sum.ID]
		if f == nil || f.Data == nil || f.done {
			return nil, fail("file_not_found")
		}
		f.done, f.Title, f.Channel = true, sum.Title, channelID
		shared = append(shared, *f)
		out = append(out, map[string]any{"id": f.ID, "title": f.Title})
	}
	if c != nil {
		c.messages = append(c.messages, &Message{Channel: c.id, TS: s.ts(), User: s.BotUser,
			Text: r.params["initial_comment"], Files: shared, ThreadTS: thread})
	}
	s.uploads = append(s.uploads, shared...)
	return map[string]any{"files": out}, nil
}

func (s *Server) openConnection(*request) (map[string]any, *apiError) {
	return map[string]any{"url": "ws" + strings.TrimPrefix(s.URL, "http") + "/socket?ticket=" + strconv.Itoa(s.next())}, nil
}
