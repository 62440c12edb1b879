package telegramtest

import (
	"encoding/json"
	"strconv"
)

// Replies: a message can answer an earlier one of its chat. The bot's
// messages say so with reply_parameters; people's come with
// reply_to_message, which quotes the message answered.

// replyParameters is the part of reply_parameters the fake checks.
type replyParameters struct {
	MessageID                int             `json:"message_id"`
	ChatID                   json.RawMessage `json:"chat_id"`
	AllowSendingWithoutReply bool            `json:"allow_sending_without_reply"`
}

// replyTarget reads a send's reply_parameters: the id of the message of c
// it answers, or 0. As Telegram, it refuses a reply to a message that is
// not there, unless allow_sending_without_reply lets the message go as
// one of its own. s.mu is held.
func (s *Server) replyTarget(r *request, c *chat) (int, error) {
	raw := r.fields["reply_parameters"]
	if raw == "" {
		return 0, nil
	}
	var p replyParameters
	if err := json.Unmarshal([]byte(raw), &p); err != nil || p.MessageID == 0 {
		return 0, badRequest("can't parse reply parameters JSON object")
	}
	if len(p.ChatID) > 0 {
		other, _ := strconv.ParseInt(string(p.ChatID), 10, 64)
		if other != 0 && other != c.info.ID {
			// A reply into another chat's message: the desk never
			// sends one, and the fake does not model it.
			return 0, badRequest("message to be replied not found")
		}
	}
	if c.find(p.MessageID) == nil {
		if p.AllowSendingWithoutReply {
			return 0, nil
		}
		return 0, badRequest("message to be replied not found")
	}
	return p.MessageID, nil
}

// Reply sends text from a person in chat as a reply to message to (the
// bot's or a person's) and returns the update id. A text starting with
// "/" is a command, as in SendText: "/report" sent in reply to a message.
func (s *Server) Reply(from User, chat Chat, to int, text string) int64 {
	m := textMessage(from, chat, text)
	s.mu.Lock()
	m.ReplyToMessage = s.quoted(chat.ID, to)
	s.mu.Unlock()
	return s.SendUpdate(Update{Message: m})
}

// ReplyPhoto sends a photo from a person as a reply to message to.
func (s *Server) ReplyPhoto(from User, chat Chat, to int, data []byte, caption string) int64 {
	m := s.photoMessage(from, chat, data, caption)
	s.mu.Lock()
	m.ReplyToMessage = s.quoted(chat.ID, to)
	s.mu.Unlock()
	return s.SendUpdate(Update{Message: m})
}

// quoted is message id of a chat as a reply_to_message carries it. s.mu
// is held.
func (s *Server) quoted(chatID int64, id int) *UpdateMessage {
	c := s.chat(chatID)
	if m, ok := c.said[id]; ok {
		q := *m
		return &q
	}
	m := c.find(id)
	if m == nil {
		return nil
	}
	bot := s.Bot
	q := &UpdateMessage{ID: m.ID, From: &bot, Chat: c.info, Date: m.Date.Unix(), Text: m.Text, Caption: m.Caption}
	if len(m.Photo) > 0 {
		q.Photo = []PhotoSize{{FileID: m.photoFile, FileUniqueID: "u" + m.photoFile, Width: 1280, Height: 960, FileSize: len(m.Photo)}}
	}
	return q
}

// MessageID is the id a person's message got in its chat, by the update
// that brought it; 0 for an update without a message.
func (s *Server) MessageID(updateID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.all[updateID]; ok && u.Message != nil {
		return u.Message.ID
	}
	return 0
}
