package telegram

import (
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// Keyboards are the adapter's own types, not the library's: its
// InlineKeyboardButton always sends "copy_text":{"text":""}, which
// Telegram refuses (BUTTON_COPY_TEXT_INVALID). These hold exactly the
// fields the Bot API expects of the buttons the desk uses.
type (
	inlineKeyboard struct {
		InlineKeyboard [][]inlineButton `json:"inline_keyboard"`
	}
	inlineButton struct {
		Text         string `json:"text"`
		CallbackData string `json:"callback_data"`
	}
	// replyKeyboard is the keyboard under the input field, here only to
	// share a phone number, which only such a keyboard can ask for.
	replyKeyboard struct {
		Keyboard [][]replyButton `json:"keyboard"`
		OneTime  bool            `json:"one_time_keyboard"`
		Resize   bool            `json:"resize_keyboard"`
	}
	replyButton struct {
		Text           string `json:"text"`
		RequestContact bool   `json:"request_contact,omitempty"`
	}
	removeKeyboard struct {
		Remove bool `json:"remove_keyboard"`
	}
)

// Telegram's limits on inline keyboards.
const (
	maxRowButtons = 8
	maxButtons    = 100
)

// inline renders rows as an inline keyboard, nil when there are no
// buttons. The result is an untyped nil then, not a nil pointer, which the
// library would send as "null". A button that Telegram would refuse, and
// with it the whole message (no token, a token over 64 bytes), is left out.
func inline(rows []talk.Row, onDrop func(talk.Button)) models.ReplyMarkup {
	var kb [][]inlineButton
	n := 0
	for _, r := range rows {
		var row []inlineButton
		for _, btn := range r.Buttons {
			if btn.Token == "" || len(btn.Token) > talk.MaxToken || btn.Label == "" ||
				len(row) == maxRowButtons || n == maxButtons {
				if onDrop != nil {
					onDrop(btn)
				}
				continue
			}
			row = append(row, inlineButton{Text: btn.Label, CallbackData: btn.Token})
			n++
		}
		if len(row) > 0 {
			kb = append(kb, row)
		}
	}
	if len(kb) == 0 {
		return nil
	}
	return &inlineKeyboard{InlineKeyboard: kb}
}

// contactRows splits a message that asks for a phone number: the desk puts
// the share button's label first in its first row; the rest are ordinary
// buttons.
func contactRows(m talk.Message) (label string, rest []talk.Row) {
	label = say(i18n.Zh, "share_phone") + " / " + say(i18n.En, "share_phone")
	rows := m.Rows
	if len(rows) > 0 && len(rows[0].Buttons) > 0 {
		label = rows[0].Buttons[0].Label
		first := talk.Row{Buttons: rows[0].Buttons[1:]}
		rest = append([]talk.Row{first}, rows[1:]...)
	}
	return label, rest
}

func contactKeyboard(label string) *replyKeyboard {
	return &replyKeyboard{Keyboard: [][]replyButton{{{Text: label, RequestContact: true}}}, OneTime: true, Resize: true}
}
