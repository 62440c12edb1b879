package telegramtest

import (
	"encoding/json"
	"strconv"
	"strings"
)

// menuScope is the key of one command menu: the scope as Telegram names
// it ("default", "all_private_chats", "chat:<id>", …) and a language code,
// so that a menu set for one chat does not replace everyone's.
func menuScope(r *request) (string, error) {
	raw := strings.TrimSpace(r.fields["scope"])
	lang := r.fields["language_code"]
	if raw == "" {
		return "default|" + lang, nil
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
	}
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return "", badRequest("can't parse BotCommandScope JSON object")
	}
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		return sc.Type + "|" + lang, nil
	case "chat", "chat_administrators":
		id, err := strconv.ParseInt(strings.Trim(string(sc.ChatID), `"`), 10, 64)
		if err != nil || id == 0 {
			return "", badRequest("chat not found")
		}
		return sc.Type + ":" + strconv.FormatInt(id, 10) + "|" + lang, nil
	}
	return "", badRequest("wrong parameter type in BotCommandScope")
}

// scopeChat is the chat of a menuScope naming one, as "chat:<id>|" does.
func scopeChat(scope string) (int64, bool) {
	rest, ok := strings.CutPrefix(scope, "chat:")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest[:strings.IndexByte(rest, '|')], 10, 64)
	return id, err == nil
}

// ChatCommands returns the command menu set for one chat (scope "chat")
// and a language code ("" for any language).
func (s *Server) ChatCommands(chat int64, languageCode string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.commands["chat:"+strconv.FormatInt(chat, 10)+"|"+languageCode]...)
}
