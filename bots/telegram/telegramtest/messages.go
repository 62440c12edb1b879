package telegramtest

import (
	"slices"
	"strings"
	"time"
)

// Message is a message in a chat as the fake keeps it.
type Message struct {
	ID   int
	Chat int64
	// FromBot is true for the bot's messages, false for people's.
	FromBot bool
	Date    time.Time
	Text    string
	Caption string
	// Photo is the bytes of the message's photo, as uploaded.
	Photo      []byte
	MediaGroup string
	// Document is the bytes of the message's document (sendDocument), as
	// uploaded, and DocumentName its file name.
	Document     []byte
	DocumentName string
	// Buttons is the inline keyboard, row by row.
	Buttons [][]Button
	// ReplyKeyboard is the keyboard under the input field; RemoveKeyboard
	// is set when the message took it away.
	ReplyKeyboard  [][]Button
	RemoveKeyboard bool
	// Edits counts the edits made to the message.
	Edits int
	// ReplyTo is the id of the message it replies to in its chat, 0 for
	// none.
	ReplyTo int

	photoFile string
	docFile   string
}

// Button is a keyboard button.
type Button struct {
	Text           string
	Data           string // callback_data
	RequestContact bool
}

// Body is the message's text, or its caption.
func (m Message) Body() string {
	if m.Text != "" {
		return m.Text
	}
	return m.Caption
}

// Button finds an inline button by its label.
func (m Message) Button(label string) (Button, bool) {
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Text == label {
				return b, true
			}
		}
	}
	return Button{}, false
}

// Labels lists the inline buttons' labels, row after row.
func (m Message) Labels() []string {
	var out []string
	for _, row := range m.Buttons {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return out
}

// chat is one chat's messages.
type chat struct {
	info   Chat
	nextID int
	msgs   []*Message
	sent   []Message // snapshots of the bot's messages as sent
	// said are people's messages as their updates carried them, for the
	// replies that quote them.
	said map[int]*UpdateMessage
}

// chat returns the chat with id, created on first use. s.mu is held.
func (s *Server) chat(id int64) *chat {
	c := s.chats[id]
	if c == nil {
		c = &chat{said: map[int]*UpdateMessage{}}
		c.info = s.chatOf(id)
		s.chats[id] = c
	}
	return c
}

// chatOf describes a chat by its id when no update has. s.mu is held.
func (s *Server) chatOf(id int64) Chat {
	if c := s.chats[id]; c != nil {
		return c.info
	}
	if id > 0 {
		return Chat{ID: id, Type: "private"}
	}
	return Group(id, "")
}

// add numbers m in the chat and keeps it; from nil means the bot.
func (c *chat) add(m *Message, from *User) int {
	c.nextID++
	m.ID = c.nextID
	m.FromBot = from == nil || from.IsBot
	c.msgs = append(c.msgs, m)
	if m.FromBot {
		c.sent = append(c.sent, *m)
	}
	return m.ID
}

func (c *chat) find(id int) *Message {
	for _, m := range c.msgs {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// Sent returns the messages the bot sent to a chat (a person's private
// chat has their user id), in order, each as it was when sent.
func (s *Server) Sent(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.chats[chatID]; c != nil {
		return slices.Clone(c.sent)
	}
	return nil
}

// MessagesTo returns the bot's messages in a chat as they are now, after
// any edits.
func (s *Server) MessagesTo(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	if c := s.chats[chatID]; c != nil {
		for _, m := range c.msgs {
			if m.FromBot {
				out = append(out, *m)
			}
		}
	}
	return out
}

// Messages returns every message of a chat, the bot's and people's, as
// they are now.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	if c := s.chats[chatID]; c != nil {
		for _, m := range c.msgs {
			out = append(out, *m)
		}
	}
	return out
}

// Last returns the bot's latest message in a chat, as it is now.
func (s *Server) Last(chatID int64) Message {
	ms := s.MessagesTo(chatID)
	if len(ms) == 0 {
		return Message{}
	}
	return ms[len(ms)-1]
}

// Transcript is what the bot said in a chat, one message a line (buttons
// in brackets), for test failure messages.
func (s *Server) Transcript(chatID int64) string {
	var b strings.Builder
	for _, m := range s.MessagesTo(chatID) {
		b.WriteString(m.Body())
		if len(m.Photo) > 0 {
			b.WriteString(" [photo]")
		}
		for _, l := range m.Labels() {
			b.WriteString(" [" + l + "]")
		}
		b.WriteString("\n")
	}
	return b.String()
}
