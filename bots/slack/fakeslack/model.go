package fakeslack

import (
	"strings"
)

// User is a person in the workspace.
type User struct {
	ID       string // "U0ALICE"
	Name     string // the user name: "alice"
	RealName string // the profile's full name: "Alice Liu"
	// Locale is the client's language, as users.info tells it with
	// include_locale: "en-US", "zh-CN".
	Locale string
}

// Message is a message in a channel as it stands now, after any edits.
type Message struct {
	Channel string
	TS      string
	// User is who wrote it: the bot's user or a person.
	User   string
	Text   string // the top-level text (the notification's)
	Blocks Blocks
	// Files are the files shared with it (the bot's photo uploads).
	Files []File
	// Edits counts the chat.update calls that changed it.
	Edits int
	// For is set on an ephemeral message: the only person who sees it.
	For string
	// ThreadTS is the ts of the message whose thread it is a reply in,
	// "" for a message in the channel itself.
	ThreadTS string
}

// Body is what a person reads: the blocks' text, or the top-level text of
// a message without blocks.
func (m Message) Body() string {
	if len(m.Blocks) > 0 {
		return m.Blocks.Text()
	}
	return Unescape(m.Text)
}

// Buttons lists the message's buttons.
func (m Message) Buttons() []Button { return m.Blocks.Buttons() }

// Button finds a button by label (exact, else contained).
func (m Message) Button(label string) (Button, bool) { return m.Blocks.Button(label) }

// View is a view the bot published (the Home tab) or opened (a modal).
type View struct {
	ID         string
	Type       string // "home" or "modal"
	User       string
	TriggerID  string
	CallbackID string
	Title      string
	Metadata   string // private_metadata
	// NotifyOnClose asks Slack to tell the app when the person closes
	// the modal (view_closed).
	NotifyOnClose bool
	Blocks        Blocks
}

// Text is what the view shows.
func (v View) Text() string { return v.Blocks.Text() }

// Button finds a button on the view by label.
func (v View) Button(label string) (Button, bool) { return v.Blocks.Button(label) }

// File is a file in the workspace: one a person shared, or one the bot
// uploaded.
type File struct {
	ID       string
	Name     string
	Title    string
	Mimetype string
	Data     []byte
	// User is who shared it; Channel where (for the bot's uploads, once
	// completed).
	User    string
	Channel string
	done    bool // files.completeUploadExternal was called
}

type channel struct {
	id       string
	name     string
	person   string // the person of a DM with the bot
	messages []*Message
}

// AddUser adds a person to the workspace, with their DM with the bot.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.Name == "" {
		u.Name = strings.ToLower(u.ID)
	}
	s.users[u.ID] = &u
	dm := DMOf(u.ID)
	if s.channels[dm] == nil {
		s.channels[dm] = &channel{id: dm, person: u.ID}
	}
	s.notify()
}

// AddChannel adds a channel the bot is a member of, such as the dispatch
// or the supervisors' channel.
func (s *Server) AddChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.channels[id] == nil {
		s.channels[id] = &channel{id: id, name: name}
	}
	s.notify()
}

// RemoveChannel takes a channel away, as if archived or the bot removed:
// posts to it answer channel_not_found.
func (s *Server) RemoveChannel(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.channels, id)
	s.notify()
}

// DMOf is the id of a person's DM with the bot: "D" and the user id
// without its "U".
func DMOf(user string) string { return "D" + strings.TrimPrefix(user, "U") }

// MessagesIn returns the messages in a channel, the people's and the
// bot's, oldest first; ephemeral ones are not among them.
func (s *Server) MessagesIn(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channel]
	if c == nil {
		return nil
	}
	out := make([]Message, 0, len(c.messages))
	for _, m := range c.messages {
		out = append(out, copyMessage(m))
	}
	return out
}

// Thread returns the replies in the thread of message ts, oldest first.
func (s *Server) Thread(channel, ts string) []Message {
	var out []Message
	for _, m := range s.MessagesIn(channel) {
		if m.ThreadTS == ts && m.TS != ts {
			out = append(out, m)
		}
	}
	return out
}

// TopLevel returns the messages of a channel that are not replies in a
// thread, oldest first: what the channel shows.
func (s *Server) TopLevel(channel string) []Message {
	var out []Message
	for _, m := range s.MessagesIn(channel) {
		if m.ThreadTS == "" || m.ThreadTS == m.TS {
			out = append(out, m)
		}
	}
	return out
}

// BotMessagesTo returns what the bot wrote in a person's DM, oldest first.
func (s *Server) BotMessagesTo(user string) []Message {
	var out []Message
	for _, m := range s.MessagesIn(DMOf(user)) {
		if m.User == s.BotUser {
			out = append(out, m)
		}
	}
	return out
}

// Last returns the bot's latest message in a channel, and false if there
// is none.
func (s *Server) Last(channel string) (Message, bool) {
	ms := s.MessagesIn(channel)
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].User == s.BotUser {
			return ms[i], true
		}
	}
	return Message{}, false
}

// Ephemerals returns the ephemeral messages the bot showed a person.
func (s *Server) Ephemerals(user string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.ephemeral {
		if m.For == user {
			out = append(out, copyMessage(m))
		}
	}
	return out
}

// Home returns the Home tab last published for a person.
func (s *Server) Home(user string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.views[user]
	return v, ok
}

// Modals returns the modals the bot opened, in order.
func (s *Server) Modals() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]View(nil), s.modals...)
}

// Uploads returns the files the bot uploaded and shared, in order.
func (s *Server) Uploads() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]File(nil), s.uploads...)
}

func copyMessage(m *Message) Message {
	c := *m
	c.Blocks = append(Blocks(nil), m.Blocks...)
	c.Files = append([]File(nil), m.Files...)
	return c
}
