package telegram

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
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

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"short", "hello", 10, []string{"hello"}},
		{"empty", "", 10, nil},
		{"at-line-break", "first line\nsecond line", 15, []string{"first line", "second line"}},
		{"at-space", "aaaa bbbb cccc", 10, []string{"aaaa bbbb", "cccc"}},
		{"no-break", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"chinese", "一二三四五六", 4, []string{"一二三四", "五六"}},
		// An emoji is two UTF-16 units and is never cut in half.
		{"surrogates", "🔧🔧🔧", 3, []string{"🔧", "🔧", "🔧"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := split(c.text, c.limit)
			if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
				t.Errorf("split(%q, %d) = %q, want %q", c.text, c.limit, got, c.want)
			}
			for _, p := range got {
				if n := len(utf16.Encode([]rune(p))); n > c.limit {
					t.Errorf("part %q is %d long", p, n)
				}
			}
		})
	}
	if got := clip(strings.Repeat("长", 300), 200); utf16Len(got) != 200 || !strings.HasSuffix(got, "…") {
		t.Errorf("clip gave %d units", utf16Len(got))
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
		if got := langOf(code); got != want {
			t.Errorf("langOf(%q) = %q, want %q", code, got, want)
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

// Telegram's pace: a burst, then one message per interval per chat, and
// a pause after a 429; chats do not hold each other up.
func TestLimiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Limits{}.withDefaults())
		ctx := context.Background()
		person, group := chatID{id: 7}, chatID{id: -100}
		start := time.Now()
		at := func(c chatID) time.Duration {
			if err := l.wait(ctx, c); err != nil {
				t.Fatal(err)
			}
			return time.Since(start)
		}
		var got []time.Duration
		for range 5 {
			got = append(got, at(person))
		}
		want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("sends to a person at %v, want %v", got, want)
			}
		}
		// The group has its own schedule, and is not held up.
		if d := at(group); d != 2*time.Second {
			t.Errorf("group send at %v, want at once (2s)", d)
		}
		l.pause(person, 30*time.Second)
		if d := l.delay(person); d != 30*time.Second {
			t.Errorf("delay after a 429 = %v", d)
		}
		if d := at(person); d != 32*time.Second {
			t.Errorf("send after the pause at %v, want 32s", d)
		}
	})
}

// A queue's lanes run in parallel and go away when idle.
func TestQueueLanes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var order []int64
		q := newQueue(context.Background(), func(_ context.Context, u *models.Update) {
			time.Sleep(time.Second)
			mu.Lock()
			order = append(order, u.ID)
			mu.Unlock()
		}, slog.New(slog.DiscardHandler))
		start := time.Now()
		for i := range 3 {
			q.push("a", &models.Update{ID: int64(i + 1)})
			q.push("b", &models.Update{ID: int64(i + 11)})
		}
		synctest.Wait()
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("took %v", d)
		}
		if !q.idle() {
			t.Errorf("lanes left after the work")
		}
		var a, b []int64
		for _, id := range order {
			if id > 10 {
				b = append(b, id)
			} else {
				a = append(a, id)
			}
		}
		if len(a) != 3 || a[0] != 1 || a[1] != 2 || a[2] != 3 || len(b) != 3 || b[0] != 11 || b[2] != 13 {
			t.Errorf("order %v", order)
		}
		if n := q.close(); n != 0 || q.push("a", &models.Update{ID: 99}) {
			t.Errorf("closed queue: %d left, takes updates", n)
		}
	})
}
