package fakeslack

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// What people do in the channels, and reading them back. A person's
// message in a channel comes to the app as a message.channels event;
// a reaction as reaction_added; a message shortcut as a message_action
// interaction. The app reads a channel's messages with
// conversations.history.

// Say is a person writing text in a channel (a message.channels event),
// with pictures shared with it if files are given; it returns the
// message as the channel keeps it and the delivery.
func (s *Server) Say(user, channel, text string, files ...File) (Message, *Delivery) {
	return s.write(user, channel, "", text, files)
}

// ReplyIn is a person replying in the thread of message thread of a
// channel (a message.channels event with thread_ts).
func (s *Server) ReplyIn(user, channel, thread, text string) (Message, *Delivery) {
	return s.write(user, channel, thread, text, nil)
}

func (s *Server) write(user, channel, thread, text string, files []File) (Message, *Delivery) {
	s.mu.Lock()
	c := s.channels[channel]
	if c == nil {
		s.mu.Unlock()
		panic("fakeslack: no channel " + channel)
	}
	var shared []any
	var kept []File
	for _, f := range files {
		meta := s.addFile(user, f.Name, f.Mimetype, f.Data)
		shared = append(shared, meta)
		kept = append(kept, *s.files[meta["id"].(string)])
	}
	m := &Message{Channel: channel, TS: s.ts(), User: user, Text: escape(text), Files: kept}
	if thread != "" {
		t, err := c.thread(thread)
		if err != nil {
			s.mu.Unlock()
			panic("fakeslack: no message " + thread + " in " + channel)
		}
		m.ThreadTS = t
	}
	c.messages = append(c.messages, m)
	event := map[string]any{"type": "message", "channel": channel, "channel_type": "channel", "user": user,
		"text": m.Text, "ts": m.TS, "event_ts": m.TS, "team": s.Team, "client_msg_id": fmt.Sprintf("msg-%d", s.next())}
	if m.ThreadTS != "" {
		event["thread_ts"] = m.ThreadTS
		event["parent_user_id"] = c.author(m.ThreadTS)
	}
	if len(shared) > 0 {
		event["subtype"], event["files"], event["upload"] = "file_share", shared, false
	}
	payload := s.callback(event)
	out := copyMessage(m)
	s.mu.Unlock()
	return out, s.Deliver("events_api", payload)
}

// author is who wrote message ts of the channel. s.mu is held.
func (c *channel) author(ts string) string {
	for _, m := range c.messages {
		if m.TS == ts {
			return m.User
		}
	}
	return ""
}

// React is a person adding a reaction (an emoji's name, "ticket" for 🎫)
// to message m (a reaction_added event).
func (s *Server) React(user string, m Message, reaction string) *Delivery {
	s.mu.Lock()
	event := map[string]any{"type": "reaction_added", "user": user, "reaction": reaction, "item_user": m.User,
		"item": map[string]any{"type": "message", "channel": m.Channel, "ts": m.TS}, "event_ts": s.ts()}
	payload := s.callback(event)
	s.mu.Unlock()
	return s.Deliver("events_api", payload)
}

// Shortcut is a person choosing the app's message shortcut callbackID on
// message m (a message_action interaction), which opens a modal with its
// trigger_id.
func (s *Server) Shortcut(user string, m Message, callbackID string) *Delivery {
	s.mu.Lock()
	trigger := s.trigger(user)
	msg := map[string]any{"type": "message", "user": m.User, "ts": m.TS, "text": m.Text}
	if len(m.Files) > 0 {
		var files []any
		for _, f := range m.Files {
			files = append(files, s.fileMeta(f))
		}
		msg["files"] = files
	}
	body, _ := json.Marshal(map[string]any{
		"type": "message_action", "token": "fake-verification", "action_ts": s.ts(), "callback_id": callbackID,
		"trigger_id": trigger, "response_url": s.URL + "/response/" + trigger, "message_ts": m.TS,
		"team":    map[string]any{"id": s.Team, "domain": "fake"},
		"user":    map[string]any{"id": user, "name": s.userName(user), "team_id": s.Team},
		"channel": map[string]any{"id": m.Channel, "name": s.channelName(m.Channel)},
		"message": msg,
	})
	s.mu.Unlock()
	return s.Deliver("interactive", body)
}

// fileMeta is a file as messages carry it. s.mu is held.
func (s *Server) fileMeta(f File) map[string]any {
	u := s.URL + "/files-pri/" + f.ID + "/" + f.Name
	return map[string]any{"id": f.ID, "name": f.Name, "title": f.Title, "mimetype": f.Mimetype,
		"size": len(f.Data), "mode": "hosted", "is_external": false, "user": f.User,
		"url_private": u, "url_private_download": u + "?download=1"}
}

// compareTS orders two message ts ("seconds.sequence") as numbers: a
// float would lose the last digits.
func compareTS(a, b string) int {
	as, af, _ := strings.Cut(a, ".")
	bs, bf, _ := strings.Cut(b, ".")
	an, _ := strconv.ParseInt(as, 10, 64)
	bn, _ := strconv.ParseInt(bs, 10, 64)
	if an != bn {
		return cmp.Compare(an, bn)
	}
	ad, _ := strconv.ParseInt((af + "000000")[:6], 10, 64)
	bd, _ := strconv.ParseInt((bf + "000000")[:6], 10, 64)
	return cmp.Compare(ad, bd)
}

// history answers conversations.history: the channel's messages, newest
// first, without the replies in threads, up to latest (inclusive when
// asked).
func (s *Server) history(r *request) (map[string]any, *apiError) {
	c := s.channels[r.params["channel"]]
	if c == nil {
		return nil, fail("channel_not_found")
	}
	limit, _ := strconv.Atoi(r.params["limit"])
	if limit <= 0 {
		limit = 100
	}
	latest := r.params["latest"]
	inclusive := r.params["inclusive"] == "1" || r.params["inclusive"] == "true"
	var out []any
	for i := len(c.messages) - 1; i >= 0 && len(out) < limit; i-- {
		m := c.messages[i]
		if m.ThreadTS != "" && m.ThreadTS != m.TS {
			continue
		}
		if c := compareTS(m.TS, latest); latest != "" && (c > 0 || (c == 0 && !inclusive)) {
			continue
		}
		msg := map[string]any{"type": "message", "user": m.User, "text": m.Text, "ts": m.TS}
		if m.ThreadTS != "" {
			msg["thread_ts"] = m.ThreadTS
		}
		if len(m.Files) > 0 {
			var files []any
			for _, f := range m.Files {
				files = append(files, s.fileMeta(f))
			}
			msg["files"] = files
		}
		out = append(out, msg)
	}
	return map[string]any{"messages": out, "has_more": false}, nil
}
