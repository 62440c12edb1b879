package telegram

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/talk"
)

// Reading any update Telegram could send (or a forger could post to the
// webhook) never panics, and what it reads is an input the desk can take:
// a known kind, from a person, with a button token no longer than any
// token the desk makes.
func FuzzReadUpdate(f *testing.F) {
	for _, seed := range []string{
		`{"update_id":1,"message":{"message_id":5,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"A"},"text":"/report"}}`,
		`{"update_id":2,"message":{"message_id":6,"date":1,"chat":{"id":-100,"type":"supergroup"},"from":{"id":42,"first_name":"A"},"text":"/start@repairdesk_bot loc-0-1-101"}}`,
		`{"update_id":3,"callback_query":{"id":"q","from":{"id":42,"first_name":"A"},"data":"t:claim:1001","message":{"message_id":7,"date":1,"chat":{"id":-100,"type":"group"}}}}`,
		`{"update_id":4,"message":{"message_id":8,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"A"},"photo":[{"file_id":"f","file_unique_id":"u","width":1,"height":1}]}}`,
		`{"update_id":5,"message":{"message_id":9,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"first_name":"A"},"contact":{"phone_number":"+86 138","first_name":"A","user_id":7}}}`,
		`{"update_id":6,"callback_query":{"id":"q","from":{"id":42,"first_name":"A"},"data":"` + string(make([]byte, 80)) + `"}}`,
		`{"update_id":7,"edited_message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"}}}`,
		`{}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var u models.Update
		if json.Unmarshal(data, &u) != nil {
			return
		}
		ev, ok := read(&u, "repairdesk_bot")
		if !ok {
			return
		}
		in := ev.in
		switch in.Kind {
		case talk.KindText, talk.KindPhoto, talk.KindContact, talk.KindButton, talk.KindCommand:
		default:
			if ev.reply == "" {
				t.Fatalf("read an input of kind %q", in.Kind)
			}
		}
		if in.Account == "" || ev.from == 0 {
			t.Fatalf("an input from nobody: %+v", in)
		}
		if len(in.Token) > talk.MaxToken {
			t.Fatalf("a token of %d bytes", len(in.Token))
		}
		if !utf8.ValidString(in.Text) || !utf8.ValidString(in.Command) {
			t.Fatalf("invalid UTF-8 read: %q %q", in.Text, in.Command)
		}
	})
}
