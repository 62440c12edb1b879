package fakeslack

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// What people do. Each builds the payload Slack would send for it and
// delivers it (Deliver), and returns the delivery.

// SendDM is a person writing text in their DM with the bot (a message.im
// event). The text is escaped as Slack escapes it.
func (s *Server) SendDM(user, text string) *Delivery {
	s.mu.Lock()
	dm := s.personMessage(user, text, nil)
	event := map[string]any{"type": "message", "channel": dm.Channel, "channel_type": "im", "user": user,
		"text": dm.Text, "ts": dm.TS, "event_ts": dm.TS, "team": s.Team, "client_msg_id": fmt.Sprintf("msg-%d", s.next())}
	payload := s.callback(event)
	s.mu.Unlock()
	return s.Deliver("events_api", payload)
}

// ShareFile is a person sharing a file in their DM with the bot, with an
// optional comment (a message.im event of subtype file_share). The bot
// downloads it from its url_private with the bot token.
func (s *Server) ShareFile(user, name, mimetype string, data []byte, text string) *Delivery {
	s.mu.Lock()
	file := s.addFile(user, name, mimetype, data)
	dm := s.personMessage(user, text, []File{*s.files[file["id"].(string)]})
	event := map[string]any{"type": "message", "subtype": "file_share", "channel": dm.Channel, "channel_type": "im",
		"user": user, "text": dm.Text, "ts": dm.TS, "event_ts": dm.TS, "team": s.Team, "upload": false,
		"files": []any{file}}
	payload := s.callback(event)
	s.mu.Unlock()
	return s.Deliver("events_api", payload)
}

// OpenHome is a person opening the app's Home tab (app_home_opened).
func (s *Server) OpenHome(user string) *Delivery {
	s.mu.Lock()
	ts := s.ts()
	event := map[string]any{"type": "app_home_opened", "user": user, "channel": DMOf(user), "tab": "home", "event_ts": ts}
	if v, ok := s.views[user]; ok {
		event["view"] = map[string]any{"id": v.ID, "type": "home"}
	}
	payload := s.callback(event)
	s.mu.Unlock()
	return s.Deliver("events_api", payload)
}

// Command is a person typing "/repair <text>" in a channel ("" for their
// DM with the bot).
func (s *Server) Command(user, channel, text string) *Delivery {
	s.mu.Lock()
	if channel == "" {
		channel = DMOf(user)
	}
	name := channel
	if c := s.channels[channel]; c != nil && c.name != "" {
		name = c.name
	} else if strings.HasPrefix(channel, "D") {
		name = "directmessage"
	}
	trigger := s.trigger(user)
	payload, _ := json.Marshal(map[string]any{"token": "fake-verification", "team_id": s.Team, "team_domain": "fake",
		"channel_id": channel, "channel_name": name, "user_id": user, "user_name": s.userName(user),
		"command": "/repair", "text": text, "api_app_id": DefaultAppID, "trigger_id": trigger,
		"response_url": s.URL + "/response/" + trigger})
	s.mu.Unlock()
	return s.Deliver("slash_commands", payload)
}

// Press is a person pressing a button of a message (block_actions).
func (s *Server) Press(user string, m Message, b Button) *Delivery {
	return s.pressValue(user, m.Channel, m.TS, b)
}

// PressValue is a block_actions payload for any value on a message in a
// channel: a forged press, as anyone can post to the request URL or
// replay a button of their own with another token.
func (s *Server) PressValue(user, channel, ts, value string) *Delivery {
	return s.pressValue(user, channel, ts, Button{Label: "?", ActionID: "forged", Value: value})
}

func (s *Server) pressValue(user, channel, ts string, b Button) *Delivery {
	s.mu.Lock()
	payload := s.actions(user, b, map[string]any{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": false})
	payload["channel"] = map[string]any{"id": channel, "name": s.channelName(channel)}
	payload["message"] = map[string]any{"type": "message", "ts": ts, "user": s.BotUser}
	body, _ := json.Marshal(payload)
	s.mu.Unlock()
	return s.Deliver("interactive", body)
}

// PressHome is a person pressing a button on their Home tab.
func (s *Server) PressHome(user string, b Button) *Delivery {
	s.mu.Lock()
	view := s.views[user]
	payload := s.actions(user, b, map[string]any{"type": "view", "view_id": view.ID})
	payload["view"] = map[string]any{"id": view.ID, "type": "home", "team_id": s.Team}
	body, _ := json.Marshal(payload)
	s.mu.Unlock()
	return s.Deliver("interactive", body)
}

// actions is a block_actions payload. s.mu is held.
func (s *Server) actions(user string, b Button, container map[string]any) map[string]any {
	trigger := s.trigger(user)
	return map[string]any{
		"type": "block_actions", "token": "fake-verification", "api_app_id": DefaultAppID, "trigger_id": trigger,
		"team":      map[string]any{"id": s.Team, "domain": "fake"},
		"user":      map[string]any{"id": user, "username": s.userName(user), "name": s.userName(user), "team_id": s.Team},
		"container": container, "response_url": s.URL + "/response/" + trigger,
		"actions": []any{map[string]any{"type": "button", "action_id": b.ActionID, "block_id": b.BlockID, "value": b.Value,
			"text": map[string]any{"type": "plain_text", "text": b.Label}, "action_ts": s.ts()}},
	}
}

// callback wraps an event in the Events API's envelope. s.mu is held.
func (s *Server) callback(event map[string]any) []byte {
	body, _ := json.Marshal(map[string]any{
		"token": "fake-verification", "team_id": s.Team, "api_app_id": DefaultAppID, "type": "event_callback",
		"event_id": fmt.Sprintf("Ev%06d", s.next()), "event_time": time.Now().Unix(), "event": event,
		"authorizations": []any{map[string]any{"team_id": s.Team, "user_id": s.BotUser, "is_bot": true}},
	})
	return body
}

// personMessage records what a person wrote in their DM. s.mu is held.
func (s *Server) personMessage(user, text string, files []File) *Message {
	dm := DMOf(user)
	c := s.channels[dm]
	if c == nil {
		c = &channel{id: dm, person: user}
		s.channels[dm] = c
	}
	m := &Message{Channel: dm, TS: s.ts(), User: user, Text: escape(text), Files: files}
	c.messages = append(c.messages, m)
	return m
}

// trigger issues a trigger_id, which views.open takes once. s.mu is held.
func (s *Server) trigger(user string) string {
	t := fmt.Sprintf("%d.%d.fake", s.next(), time.Now().UnixNano())
	s.triggers[t] = user
	return t
}

func (s *Server) userName(user string) string {
	if u := s.users[user]; u != nil {
		return u.Name
	}
	return strings.ToLower(user)
}

func (s *Server) channelName(id string) string {
	if c := s.channels[id]; c != nil && c.name != "" {
		return c.name
	}
	return "directmessage"
}

// escape is what Slack does to the text people type: &, < and > become
// entities.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Submit is a person submitting a modal the bot opened (view_submission)
// with values by block_id: text for text inputs, an option's value for
// selects, Unix seconds for date-time pickers; a text input not given
// keeps the value the form filled it with. The bot's answer (errors
// beside fields, or nothing) is read with Answer.
func (s *Server) Submit(user string, v View, values map[string]string) *Delivery {
	s.mu.Lock()
	state := map[string]any{}
	for _, b := range v.Blocks {
		if b.Type != "input" || b.Element == nil {
			continue
		}
		val, set := values[b.BlockID]
		if !set && b.Element.InitialValue != "" {
			// A field left as the form filled it is submitted so.
			val, set = b.Element.InitialValue, true
		}
		el := map[string]any{"type": b.Element.Type}
		switch b.Element.Type {
		case "static_select":
			el["selected_option"] = nil
			if set {
				el["selected_option"] = map[string]any{"value": val, "text": map[string]any{"type": "plain_text", "text": val}}
			}
		case "datetimepicker":
			el["selected_date_time"] = nil
			if n, err := strconv.ParseInt(val, 10, 64); set && err == nil {
				el["selected_date_time"] = n
			}
		default:
			el["value"] = nil
			if set {
				el["value"] = val
			}
		}
		state[b.BlockID] = map[string]any{b.Element.ActionID: el}
	}
	payload, _ := json.Marshal(map[string]any{
		"type": "view_submission", "token": "fake-verification", "api_app_id": DefaultAppID, "trigger_id": s.trigger(user),
		"team": map[string]any{"id": s.Team, "domain": "fake"},
		"user": map[string]any{"id": user, "username": s.userName(user), "name": s.userName(user), "team_id": s.Team},
		"view": map[string]any{"id": v.ID, "type": "modal", "team_id": s.Team, "callback_id": v.CallbackID,
			"private_metadata": v.Metadata, "state": map[string]any{"values": state}},
	})
	s.mu.Unlock()
	return s.Deliver("interactive", payload)
}

// CloseModal is a person closing a modal without submitting it. Slack tells
// the app (view_closed) only when the modal asked for it with
// notify_on_close; otherwise CloseModal delivers nothing and returns nil.
func (s *Server) CloseModal(user string, v View) *Delivery {
	if !v.NotifyOnClose {
		return nil
	}
	s.mu.Lock()
	payload, _ := json.Marshal(map[string]any{
		"type": "view_closed", "token": "fake-verification", "api_app_id": DefaultAppID, "is_cleared": false,
		"team": map[string]any{"id": s.Team, "domain": "fake"},
		"user": map[string]any{"id": user, "username": s.userName(user), "name": s.userName(user), "team_id": s.Team},
		"view": map[string]any{"id": v.ID, "type": "modal", "team_id": s.Team, "callback_id": v.CallbackID,
			"private_metadata": v.Metadata},
	})
	s.mu.Unlock()
	return s.Deliver("interactive", payload)
}
