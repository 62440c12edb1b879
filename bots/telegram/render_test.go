package telegram_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/talk"
)

func answerWith(msgs ...talk.Message) *recorder {
	return &recorder{answer: func(talk.Input) talk.Response {
		return talk.Response{Messages: msgs}
	}}
}

// Keyboards are sent with only the fields the Bot API expects: the
// library's own buttons carry an empty copy_text that Telegram refuses.
func TestKeyboardHoldsOnlyTextAndCallbackData(t *testing.T) {
	rows := []talk.Row{
		{Buttons: []talk.Button{{Label: "Claim", Token: "t:claim:1042"}, {Label: "Details", Token: "t:show:1042"}}},
		{Buttons: []talk.Button{{Label: "Too long", Token: strings.Repeat("x", 65)}}},
	}
	h := answerWith(talk.Message{Text: "Ticket #1042", Rows: rows})
	r := newRig(t, h)
	r.srv.SendCommand(alice, telegramtest.Private(alice), "mine", "")
	msg := r.said(alice.ID, 1)[0]

	calls := r.srv.Calls("sendMessage")
	var markup map[string][][]map[string]any
	if err := json.Unmarshal([]byte(calls[0].Fields["reply_markup"]), &markup); err != nil {
		t.Fatalf("reply_markup %q: %v", calls[0].Fields["reply_markup"], err)
	}
	if len(markup) != 1 || len(markup["inline_keyboard"]) != 1 {
		t.Fatalf("reply_markup = %s, want one inline row", calls[0].Fields["reply_markup"])
	}
	for _, btn := range markup["inline_keyboard"][0] {
		var keys []string
		for k := range btn {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"callback_data", "text"}) {
			t.Errorf("button has fields %v, want exactly callback_data and text", keys)
		}
	}
	// The button Telegram would refuse (data over 64 bytes) is left out;
	// the others arrive.
	if got := msg.Labels(); !slices.Equal(got, []string{"Claim", "Details"}) {
		t.Errorf("buttons = %v", got)
	}

	// A press comes back as the button's token, with the message it was on.
	btn, _ := msg.Button("Claim")
	r.srv.Press(alice, msg, btn.Data)
	r.said(alice.ID, 2)
	in := h.got()[1]
	if in.Kind != talk.KindButton || in.Token != "t:claim:1042" {
		t.Errorf("press = %+v", in)
	}
	if in.MessageID != itoa(msg.ID) {
		t.Errorf("press on message %s, want %d", in.MessageID, msg.ID)
	}
	if a := r.srv.Answers(); len(a) != 1 {
		t.Errorf("callback answers = %+v, want one", a)
	}
}

// A text longer than Telegram takes arrives whole, in parts, with the
// buttons on the last.
func TestLongTextIsSplit(t *testing.T) {
	var b strings.Builder
	for i := range 600 {
		b.WriteString("第")
		b.WriteString(itoa(i))
		b.WriteString("行 line of a long list 🔧\n")
	}
	long := strings.TrimSpace(b.String())
	h := answerWith(talk.Message{Text: long, Rows: []talk.Row{{Buttons: []talk.Button{{Label: "More", Token: "m:mine"}}}}})
	r := newRig(t, h)
	r.srv.SendCommand(alice, telegramtest.Private(alice), "mine", "")
	r.waitFor("the whole text", func() bool {
		return joined(r.srv.MessagesTo(alice.ID)) == strings.ReplaceAll(long, "\n", "")
	})
	ms := r.srv.MessagesTo(alice.ID)
	if len(ms) < 3 {
		t.Fatalf("%d messages, want the text in at least 3", len(ms))
	}
	for i, m := range ms {
		if n := len(utf16.Encode([]rune(m.Text))); n > 4096 {
			t.Errorf("part %d is %d long", i, n)
		}
		if hasButtons := len(m.Buttons) > 0; hasButtons != (i == len(ms)-1) {
			t.Errorf("part %d has buttons: %v", i, hasButtons)
		}
	}
}

func joined(ms []telegramtest.Message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(strings.ReplaceAll(m.Text, "\n", ""))
	}
	return b.String()
}

// Photos people send are downloaded and stored; photos the desk sends are
// uploaded: one with sendPhoto, several as an album, a caption that would
// be too long as a message of its own.
func TestPhotosBothWays(t *testing.T) {
	h := &recorder{}
	r := newRig(t, h)
	ctx := t.Context()
	shot := pngPhoto(t, 200)
	r.srv.SendPhoto(alice, telegramtest.Private(alice), shot, "the broken lamp")
	r.said(alice.ID, 1)
	in := h.got()[0]
	if in.Kind != talk.KindPhoto || in.Text != "the broken lamp" || in.Photo == "" {
		t.Fatalf("photo input = %+v", in)
	}
	data, mime, err := r.store.Photo(ctx, in.Photo)
	if err != nil || !bytes.Equal(data, shot) || mime != "image/png" {
		t.Fatalf("stored photo: %d bytes, %q, %v; want the %d bytes sent", len(data), mime, err, len(shot))
	}

	second, err := r.store.PutPhoto(ctx, pngPhoto(t, 90), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	h.answer = func(in talk.Input) talk.Response {
		switch in.Text {
		case "one":
			return talk.Response{Messages: []talk.Message{{Text: "one photo", Photos: []string{second}}}}
		case "two":
			return talk.Response{Messages: []talk.Message{{Text: "two photos", Photos: []string{in0(h).Photo, second}}}}
		case "long":
			return talk.Response{Messages: []talk.Message{{Text: strings.Repeat("长", 1100), Photos: []string{second}}}}
		}
		return talk.Response{Messages: []talk.Message{{Text: "with buttons", Photos: []string{second},
			Rows: []talk.Row{{Buttons: []talk.Button{{Label: "Claim", Token: "t:claim:7"}}}}}}}
	}
	h.mu.Unlock()

	for _, text := range []string{"one", "two", "long", "buttons"} {
		r.srv.SendText(alice, telegramtest.Private(alice), text)
	}
	ms := r.said(alice.ID, 1+1+2+2+1)[1:]
	check := func(i int, photo []byte, caption, text string, album bool) {
		t.Helper()
		m := ms[i]
		if !bytes.Equal(m.Photo, photo) || m.Caption != caption || m.Text != text || (m.MediaGroup != "") != album {
			t.Errorf("message %d: %d-byte photo, caption %q, text %.20q, album %q", i, len(m.Photo), m.Caption, m.Text, m.MediaGroup)
		}
	}
	secondData, _, _ := r.store.Photo(ctx, second)
	check(0, secondData, "one photo", "", false)
	check(1, shot, "two photos", "", true)
	check(2, secondData, "", "", true)
	check(3, secondData, "", "", false)
	check(4, nil, "", strings.Repeat("长", 1100), false)
	// One photo with buttons is one post: the words are its caption and
	// the buttons sit under it.
	check(5, secondData, "with buttons", "", false)
	if got := ms[5].Labels(); !slices.Equal(got, []string{"Claim"}) {
		t.Errorf("buttons under the photo = %v", got)
	}
	if n := len(r.srv.Calls("sendMediaGroup")); n != 1 {
		t.Errorf("%d albums sent, want 1", n)
	}
	// Each photo reached Telegram once: the person's went back by its
	// file_id, the desk's was uploaded the first time only.
	if n := uploads(r.srv); n != 1 {
		t.Errorf("%d photos uploaded, want 1", n)
	}

	// Telegram forgets its files: the photo is uploaded again, not lost.
	r.srv.ForgetFiles()
	r.srv.SendText(alice, telegramtest.Private(alice), "one")
	again := r.said(alice.ID, 1+1+2+2+1+1)
	if m := again[len(again)-1]; !bytes.Equal(m.Photo, secondData) || m.Caption != "one photo" {
		t.Errorf("after Telegram forgot the file: %d-byte photo, caption %q", len(m.Photo), m.Caption)
	}
	if n := uploads(r.srv); n != 2 {
		t.Errorf("%d photos uploaded after Telegram forgot the file, want 2", n)
	}
}

// uploads counts the photo files the bot uploaded.
func uploads(srv *telegramtest.Server) int {
	n := 0
	for _, c := range srv.Calls("sendPhoto", "sendMediaGroup") {
		if c.Status == 200 {
			n += len(c.Files)
		}
	}
	return n
}

func in0(h *recorder) talk.Input { return h.got()[0] }

// The desk asks for a phone number with Telegram's own button, and takes
// only the person's own number from it.
func TestShareMyPhone(t *testing.T) {
	h := &recorder{}
	h.answer = func(in talk.Input) talk.Response {
		if in.Kind == talk.KindCommand {
			return talk.Response{Messages: []talk.Message{{Text: "Your phone number?", AskContact: true,
				Rows: []talk.Row{{Buttons: []talk.Button{{Label: "📱 Share my phone"}}}}}}}
		}
		return talk.Response{Messages: []talk.Message{{Text: "Thanks, " + in.Text}}}
	}
	r := newRig(t, h)
	dm := telegramtest.Private(alice)
	r.srv.SendCommand(alice, dm, "start", "")
	ask := r.said(alice.ID, 1)[0]
	want := [][]telegramtest.Button{{{Text: "📱 Share my phone", RequestContact: true}}}
	if len(ask.ReplyKeyboard) != 1 || ask.ReplyKeyboard[0][0] != want[0][0] || len(ask.Buttons) != 0 {
		t.Fatalf("question keyboard = %+v, inline %+v", ask.ReplyKeyboard, ask.Buttons)
	}

	r.srv.SendContact(alice, dm, "+8613800000009", bob.ID) // someone else's card
	r.srv.SendContact(alice, dm, "+8613800000001", alice.ID)
	ms := r.said(alice.ID, 3)
	if !strings.Contains(ms[1].Text, "your own number") || len(ms[1].ReplyKeyboard) != 1 || !ms[1].ReplyKeyboard[0][0].RequestContact {
		t.Errorf("answer to someone else's contact = %q with keyboard %+v", ms[1].Text, ms[1].ReplyKeyboard)
	}
	if got := h.got(); len(got) != 2 || got[1].Kind != talk.KindContact || got[1].Text != "+8613800000001" {
		t.Errorf("inputs = %+v, want the command and alice's own number", got)
	}
	// The share button goes away with the next message.
	if !ms[2].RemoveKeyboard {
		t.Errorf("the keyboard stays after the phone was shared")
	}
}

// A pressed button may replace its message; a message that cannot be
// edited any more is sent anew.
func TestEditOrSendAnew(t *testing.T) {
	h := &recorder{answer: func(in talk.Input) talk.Response {
		if in.Kind == talk.KindButton {
			return talk.Response{Messages: []talk.Message{{Text: "page 2", Edit: true,
				Rows: []talk.Row{{Buttons: []talk.Button{{Label: "Back", Token: "m:page:1"}}}}}}}
		}
		return talk.Response{Messages: []talk.Message{{Text: "page 1",
			Rows: []talk.Row{{Buttons: []talk.Button{{Label: "Next", Token: "m:page:2"}}}}}}}
	}}
	r := newRig(t, h)
	r.srv.SendCommand(alice, telegramtest.Private(alice), "mine", "")
	first := r.said(alice.ID, 1)[0]
	r.srv.Press(alice, first, "m:page:2")
	r.waitFor("the edit", func() bool { return r.srv.Last(alice.ID).Edits == 1 })
	if m := r.srv.MessagesTo(alice.ID); len(m) != 1 || m[0].Text != "page 2" || m[0].Labels()[0] != "Back" {
		t.Fatalf("after the edit: %+v", m)
	}
	// A press on a message the chat no longer has.
	gone := first
	gone.ID = 999
	r.srv.Press(alice, gone, "m:page:2")
	ms := r.said(alice.ID, 2)
	if ms[1].Text != "page 2" || ms[1].Edits != 0 {
		t.Errorf("answer to a press on a deleted message: %+v", ms[1])
	}
}
