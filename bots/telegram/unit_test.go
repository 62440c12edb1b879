package telegram

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// The library's own button carries an empty copy_text, which is why the
// adapter has keyboards of its own; these hold exactly what the Bot API
// expects.
func TestKeyboardJSON(t *testing.T) {
	lib, _ := json.Marshal(models.InlineKeyboardButton{Text: "Claim", CallbackData: "t:claim:1"})
	if !strings.Contains(string(lib), "copy_text") {
		t.Logf("the library no longer sends copy_text: %s", lib)
	}
	rows := []talk.Row{
		{Buttons: []talk.Button{{Label: "Claim", Token: "t:claim:1"}, {Label: "No token"}}},
		{Buttons: []talk.Button{{Label: "Long", Token: strings.Repeat("x", talk.MaxToken+1)}}},
		{Buttons: []talk.Button{{Label: "详情", Token: "t:detail:1"}}},
	}
	var dropped []string
	got, _ := json.Marshal(inline(rows, func(b talk.Button) { dropped = append(dropped, b.Label) }))
	want := `{"inline_keyboard":[[{"text":"Claim","callback_data":"t:claim:1"}],[{"text":"详情","callback_data":"t:detail:1"}]]}`
	if string(got) != want {
		t.Errorf("keyboard JSON\n got %s\nwant %s", got, want)
	}
	if strings.Join(dropped, ",") != "No token,Long" {
		t.Errorf("dropped %v", dropped)
	}
	if m := inline(nil, nil); m != nil {
		t.Errorf("no rows gave %#v, want an untyped nil", m)
	}
	contact, _ := json.Marshal(contactKeyboard("📱 Share my phone"))
	if string(contact) != `{"keyboard":[[{"text":"📱 Share my phone","request_contact":true}]],"one_time_keyboard":true,"resize_keyboard":true}` {
		t.Errorf("contact keyboard JSON %s", contact)
	}
}

func TestReadCommands(t *testing.T) {
	for _, c := range []struct {
		text, bot  string
		name, args string
		ok         bool
	}{
		{"/start", "desk_bot", "start", "", true},
		{"/start zone-A1", "desk_bot", "start", "zone-A1", true},
		{"/Report@Desk_Bot  the lamp ", "desk_bot", "report", "the lamp", true},
		{"/jobs@other_bot", "desk_bot", "", "", false},
		{"/jobs@any_bot", "", "jobs", "", true}, // before getMe
		{"/faq\nwifi", "desk_bot", "faq", "wifi", true},
		{"/", "desk_bot", "", "", false},
	} {
		name, args, ok := parseCommand(c.text, c.bot)
		if name != c.name || args != c.args || ok != c.ok {
			t.Errorf("parseCommand(%q, %q) = %q %q %v", c.text, c.bot, name, args, ok)
		}
	}
	for code, want := range map[string]string{"": "", "zh": "zh", "zh-hans": "zh", "ZH-TW": "zh", "en": "en", "ru": "en"} {
		if got := i18n.Norm(code); got != want {
			t.Errorf("i18n.Norm(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestReadUpdates(t *testing.T) {
	person := &models.User{ID: 7, FirstName: "Li", LanguageCode: "zh-hans"}
	private := models.Chat{ID: 7, Type: models.ChatTypePrivate}
	group := models.Chat{ID: -1007, Type: models.ChatTypeSupergroup}
	msg := func(chat models.Chat, m models.Message) *models.Update {
		m.From, m.Chat, m.Date = person, chat, 1
		return &models.Update{ID: 1, Message: &m}
	}
	for _, c := range []struct {
		name  string
		u     *models.Update
		ok    bool
		kind  talk.Kind
		reply string
		photo string
	}{
		{"text", msg(private, models.Message{Text: "hi"}), true, talk.KindText, "", ""},
		{"slash-without-entity-mark", msg(private, models.Message{Text: "/usr/bin", Entities: []models.MessageEntity{{Type: "code", Offset: 0, Length: 8}}}),
			true, talk.KindText, "", ""},
		{"group-chatter", msg(group, models.Message{Text: "hi all"}), false, "", "", ""},
		{"group-command", msg(group, models.Message{Text: "/jobs"}), true, talk.KindCommand, "", ""},
		{"own-contact", msg(private, models.Message{Contact: &models.Contact{PhoneNumber: "1", UserID: 7}}), true, talk.KindContact, "", ""},
		{"other-contact", msg(private, models.Message{Contact: &models.Contact{PhoneNumber: "1", UserID: 8}}), true, "", "own_contact", ""},
		{"photo-largest", msg(private, models.Message{Photo: []models.PhotoSize{{FileID: "s", Width: 90, Height: 90}, {FileID: "l", Width: 1280, Height: 960}}}),
			true, talk.KindPhoto, "", "l"},
		{"image-file", msg(private, models.Message{Document: &models.Document{FileID: "d", MimeType: "image/png"}}), true, talk.KindPhoto, "", "d"},
		{"sticker", msg(private, models.Message{Sticker: &models.Sticker{FileID: "x"}}), true, "", "unsupported", ""},
		{"from-a-bot", &models.Update{ID: 1, Message: &models.Message{From: &models.User{ID: 9, IsBot: true}, Chat: private, Text: "hi"}}, false, "", "", ""},
		{"edited", &models.Update{ID: 1, EditedMessage: &models.Message{From: person, Chat: private, Text: "hi"}}, false, "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ev, ok := read(c.u, "desk_bot")
			if ok != c.ok {
				t.Fatalf("read ok = %v", ok)
			}
			if !ok {
				return
			}
			if ev.in.Kind != c.kind || ev.reply != c.reply || ev.photo != c.photo {
				t.Errorf("kind %q reply %q photo %q", ev.in.Kind, ev.reply, ev.photo)
			}
		})
	}
}
