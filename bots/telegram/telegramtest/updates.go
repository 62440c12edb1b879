package telegramtest

import (
	"net/http"
	"strconv"
	"time"
	"unicode/utf16"
)

// User is a Telegram user.
type User struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name,omitempty"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

// Chat is a Telegram chat.
type Chat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"` // "private", "group", "supergroup", "channel"
	Title     string `json:"title,omitempty"`
	FirstName string `json:"first_name,omitempty"`
}

// Private is a person's private chat with the bot, whose id is theirs.
func Private(u User) Chat { return Chat{ID: u.ID, Type: "private", FirstName: u.FirstName} }

// Group is a group chat; ids from -1000000000000 down are supergroups.
func Group(id int64, title string) Chat {
	t := "group"
	if id <= -1000000000000 {
		t = "supergroup"
	}
	return Chat{ID: id, Type: t, Title: title}
}

// Update is an update as the Bot API sends it, with the parts the fake
// produces.
type Update struct {
	ID            int64          `json:"update_id"`
	Message       *UpdateMessage `json:"message,omitempty"`
	CallbackQuery *CallbackQuery `json:"callback_query,omitempty"`
}

// UpdateMessage is a message in an update.
type UpdateMessage struct {
	ID       int         `json:"message_id"`
	From     *User       `json:"from,omitempty"`
	Chat     Chat        `json:"chat"`
	Date     int64       `json:"date"`
	Text     string      `json:"text,omitempty"`
	Entities []Entity    `json:"entities,omitempty"`
	Caption  string      `json:"caption,omitempty"`
	Photo    []PhotoSize `json:"photo,omitempty"`
	Contact  *Contact    `json:"contact,omitempty"`
	// ReplyToMessage is the message this one replies to, without its own
	// reply_to_message, as Telegram sends it.
	ReplyToMessage *UpdateMessage `json:"reply_to_message,omitempty"`
}

// Entity marks a part of a text; the fake marks commands.
type Entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
}

// PhotoSize is one size of a photo.
type PhotoSize struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int    `json:"file_size,omitempty"`
}

// Contact is a shared phone number; UserID is whose it is.
type Contact struct {
	PhoneNumber string `json:"phone_number"`
	FirstName   string `json:"first_name"`
	UserID      int64  `json:"user_id,omitempty"`
}

// CallbackQuery is a pressed inline button.
type CallbackQuery struct {
	ID           string         `json:"id"`
	From         User           `json:"from"`
	Message      *UpdateMessage `json:"message,omitempty"`
	ChatInstance string         `json:"chat_instance"`
	Data         string         `json:"data,omitempty"`
}

// SendText sends text from a person in chat and returns the update id. A
// text starting with "/" is marked as a command, as Telegram does.
func (s *Server) SendText(from User, chat Chat, text string) int64 {
	return s.SendUpdate(Update{Message: textMessage(from, chat, text)})
}

// textMessage is text from a person, a command marked as Telegram marks it.
func textMessage(from User, chat Chat, text string) *UpdateMessage {
	m := &UpdateMessage{From: &from, Chat: chat, Text: text}
	if len(text) > 1 && text[0] == '/' {
		word := text
		for i, r := range text {
			if r == ' ' || r == '\n' {
				word = text[:i]
				break
			}
		}
		m.Entities = []Entity{{Type: "bot_command", Offset: 0, Length: len(utf16.Encode([]rune(word)))}}
	}
	return m
}

// SendCommand sends "/command args" from a person in chat.
func (s *Server) SendCommand(from User, chat Chat, command, args string) int64 {
	text := "/" + command
	if args != "" {
		text += " " + args
	}
	return s.SendText(from, chat, text)
}

// SendPhoto sends a photo with an optional caption. Like Telegram, it
// offers two sizes: a thumbnail (the first bytes) and the photo itself.
func (s *Server) SendPhoto(from User, chat Chat, data []byte, caption string) int64 {
	return s.SendUpdate(Update{Message: s.photoMessage(from, chat, data, caption)})
}

// photoMessage is a photo from a person, in two sizes.
func (s *Server) photoMessage(from User, chat Chat, data []byte, caption string) *UpdateMessage {
	s.mu.Lock()
	thumb := s.newFile(data[:min(len(data), 64)])
	full := s.newFile(data)
	s.mu.Unlock()
	return &UpdateMessage{From: &from, Chat: chat, Caption: caption, Photo: []PhotoSize{
		{FileID: thumb.id, FileUniqueID: "u" + thumb.id, Width: 90, Height: 67, FileSize: len(thumb.data)},
		{FileID: full.id, FileUniqueID: "u" + full.id, Width: 1280, Height: 960, FileSize: len(full.data)},
	}}
}

// SendContact shares a phone number; owner is the user whose number it is
// (the sender's own when shared with the share-my-phone button).
func (s *Server) SendContact(from User, chat Chat, phone string, owner int64) int64 {
	m := &UpdateMessage{From: &from, Chat: chat, Contact: &Contact{PhoneNumber: phone, FirstName: from.FirstName, UserID: owner}}
	return s.SendUpdate(Update{Message: m})
}

// Press presses a button with callback data on a message the bot sent,
// and returns the update id. data need not be on the message: a forged
// press is one a test may want.
func (s *Server) Press(from User, on Message, data string) int64 {
	s.mu.Lock()
	s.nextID++
	qid := "query-" + strconv.Itoa(s.nextID)
	s.queries[qid] = false
	chat := s.chatOf(on.Chat)
	s.mu.Unlock()
	bot := s.Bot
	m := &UpdateMessage{ID: on.ID, From: &bot, Chat: chat, Date: on.Date.Unix(), Text: on.Text, Caption: on.Caption}
	q := &CallbackQuery{ID: qid, From: from, Message: m, ChatInstance: strconv.FormatInt(on.Chat, 10), Data: data}
	return s.SendUpdate(Update{CallbackQuery: q})
}

// SendUpdate delivers an update: by webhook if one is set, else to the
// next getUpdates. A zero update id is numbered; a message gets its id in
// the chat. It returns the update id.
func (s *Server) SendUpdate(u Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID == 0 {
		s.nextUpdate++
		u.ID = s.nextUpdate
	} else if u.ID > s.nextUpdate {
		s.nextUpdate = u.ID
	}
	if m := u.Message; m != nil {
		c := s.chat(m.Chat.ID)
		c.info = m.Chat
		if m.Date == 0 {
			m.Date = time.Now().Unix()
		}
		if m.ID == 0 {
			stored := &Message{Chat: m.Chat.ID, Text: m.Text, Caption: m.Caption, Date: time.Unix(m.Date, 0)}
			if m.ReplyToMessage != nil {
				stored.ReplyTo = m.ReplyToMessage.ID
			}
			m.ID = c.add(stored, m.From)
			kept := *m
			kept.ReplyToMessage = nil
			c.said[m.ID] = &kept
		}
		if m.Chat.Type == "private" && m.From != nil {
			// Writing to the bot (Start after unblocking it) lets it
			// write back.
			s.started[m.From.ID] = true
			delete(s.blocked, m.From.ID)
		}
	}
	s.all[u.ID] = u
	s.pending = append(s.pending, u)
	s.notify()
	return u.ID
}

// Redeliver delivers an update again, as Telegram does with an update it
// does not know to be confirmed (a bot that stopped before confirming).
func (s *Server) Redeliver(updateID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.pending {
		if p.ID == updateID {
			return // not confirmed yet: it comes again anyway
		}
	}
	if u, ok := s.all[updateID]; ok {
		s.pending = append(s.pending, u)
		s.notify()
	}
}

// Handed is how many times an update was handed to the bot, by
// getUpdates or by webhook.
func (s *Server) Handed(updateID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handed[updateID]
}

// Polls is how many getUpdates calls the bot made. They are not in Calls,
// which they would flood.
func (s *Server) Polls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.polls
}

// Offsets are the offsets the bot's getUpdates calls gave, in order: an
// update below one of them was confirmed by that call.
func (s *Server) Offsets() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int64(nil), s.offsets...)
}

// Pending is how many updates wait to be received.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending)
}

// getUpdates answers a long poll: updates from offset on, or, if there are
// none, the first to arrive within timeout seconds.
func (s *Server) getUpdates(r *request) (any, error) {
	offset, limit, timeout := r.int64("offset"), int(r.int64("limit")), r.int64("timeout")
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	s.mu.Lock()
	s.polls++
	s.offsets = append(s.offsets, offset)
	s.pollGen++
	gen := s.pollGen
	s.notify() // an older poll still held ends with 409
	// Updates are confirmed when the request arrives, not while it waits.
	if offset > 0 {
		s.confirm(offset)
	}
	s.mu.Unlock()
	for {
		s.mu.Lock()
		if s.hook != nil {
			s.mu.Unlock()
			return nil, &apiError{status: http.StatusConflict, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
		}
		if gen != s.pollGen {
			s.mu.Unlock()
			return nil, &apiError{status: http.StatusConflict, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		out := []Update{}
		for _, u := range s.pending {
			if u.ID >= offset && len(out) < limit {
				out = append(out, u)
			}
		}
		ch := s.changes.Next()
		for _, u := range out {
			s.handed[u.ID]++
		}
		s.mu.Unlock()
		if len(out) > 0 {
			return out, nil
		}
		select {
		case <-ch:
		case <-deadline.C:
			return out, nil
		case <-r.http.Context().Done():
			return out, nil
		case <-s.done:
			return out, nil
		}
	}
}

// confirm forgets the updates below offset. s.mu is held.
func (s *Server) confirm(offset int64) {
	keep := s.pending[:0]
	for _, u := range s.pending {
		if u.ID >= offset {
			keep = append(keep, u)
		}
	}
	s.pending = keep
}
