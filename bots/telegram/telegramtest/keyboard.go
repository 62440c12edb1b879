package telegramtest

import (
	"encoding/json"
)

// inlineActions are the fields of an inline button that say what it does;
// a button has exactly one.
var inlineActions = []string{"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"}

// readMarkup checks a reply_markup as Telegram does and keeps it on m.
// Edits take inline keyboards only.
func readMarkup(raw string, m *Message, inlineOnly bool) error {
	if raw == "" {
		return nil
	}
	var markup map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &markup); err != nil {
		return badRequest("can't parse reply keyboard markup JSON object")
	}
	if kb, ok := markup["inline_keyboard"]; ok {
		rows, err := readInline(kb)
		m.Buttons = rows
		return err
	}
	if inlineOnly {
		return badRequest("inline keyboard expected")
	}
	if kb, ok := markup["keyboard"]; ok {
		var rows [][]struct {
			Text           string `json:"text"`
			RequestContact bool   `json:"request_contact"`
		}
		if err := json.Unmarshal(kb, &rows); err != nil {
			return badRequest("can't parse keyboard")
		}
		for _, row := range rows {
			var out []Button
			for _, b := range row {
				if b.Text == "" {
					return badRequest("keyboard button text must be non-empty")
				}
				out = append(out, Button{Text: b.Text, RequestContact: b.RequestContact})
			}
			m.ReplyKeyboard = append(m.ReplyKeyboard, out)
		}
		return nil
	}
	if rm, ok := markup["remove_keyboard"]; ok && string(rm) == "true" {
		m.RemoveKeyboard = true
		return nil
	}
	return badRequest("can't parse reply keyboard markup JSON object")
}

func readInline(raw json.RawMessage) ([][]Button, error) {
	var rows [][]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, badRequest("can't parse inline keyboard")
	}
	var out [][]Button
	for _, row := range rows {
		var r []Button
		for _, fields := range row {
			var b Button
			if err := json.Unmarshal(fields["text"], &b.Text); err != nil || b.Text == "" {
				return nil, badRequest("can't parse inline keyboard button: Text must be non-empty")
			}
			if ct, ok := fields["copy_text"]; ok {
				var c struct {
					Text string `json:"text"`
				}
				if json.Unmarshal(ct, &c) != nil || c.Text == "" {
					return nil, badRequest("BUTTON_COPY_TEXT_INVALID")
				}
			}
			actions := 0
			for _, a := range inlineActions {
				if _, ok := fields[a]; ok {
					actions++
				}
			}
			if actions != 1 {
				return nil, badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used")
			}
			if cd, ok := fields["callback_data"]; ok {
				if json.Unmarshal(cd, &b.Data) != nil || b.Data == "" || len(b.Data) > 64 {
					return nil, badRequest("BUTTON_DATA_INVALID")
				}
			}
			r = append(r, b)
		}
		out = append(out, r)
	}
	return out, nil
}
