package slack

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/talk"
)

// Decoding any Events API callback or interaction payload Slack could
// send (or a forger could sign) never panics, and what it reads is an
// event of a person, in the right lane, with a token no longer than any
// the desk makes and valid UTF-8.
func FuzzReadPayload(f *testing.F) {
	for _, seed := range []string{
		`{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"message","channel_type":"im","channel":"D1","user":"U1","text":"report"}}`,
		`{"type":"event_callback","team_id":"T1","event_id":"Ev2","event":{"type":"app_home_opened","tab":"home","channel":"D1","user":"U1"}}`,
		`{"type":"event_callback","team_id":"T1","event":{"type":"message","channel":"D1","user":"U1","files":[{"id":"F1","mimetype":"image/png"}]}}`,
		`{"type":"event_callback","event":{"type":"message","user":"","bot_id":"B1"}}`,
		`{"type":"url_verification","challenge":"x"}`,
		`{"type":"block_actions","user":{"id":"U1","team_id":"T1"},"trigger_id":"tr","container":{"type":"message","message_ts":"1.2","channel_id":"C1"},"actions":[{"action_id":"a","value":"t:claim:1001"}]}`,
		`{"type":"block_actions","user":{"id":"U1"},"team":{"id":"T1"},"container":{"type":"view"},"view":{"type":"home"},"actions":[{"value":"m:mine"}]}`,
	} {
		f.Add([]byte(seed))
	}
	b := &Bot{}
	f.Fuzz(func(t *testing.T, data []byte) {
		var evs []*event
		if ev, err := b.readCallback(data); err == nil && ev != nil {
			evs = append(evs, ev)
		}
		var ic slack.InteractionCallback
		if json.Unmarshal(data, &ic) == nil {
			if ev := b.readInteraction(&ic); ev != nil {
				evs = append(evs, ev)
			}
		}
		for _, ev := range evs {
			if ev.user == "" || ev.lane != laneOf(ev.team, ev.user) {
				t.Fatalf("an event of nobody, or in another's lane: %+v", ev)
			}
			if len(ev.token) > talk.MaxToken && ev.kind == talk.KindButton {
				// A forged token too long to be the desk's is read, and
				// refused by the desk (talk.ParseToken); it must not be
				// cut into something else here.
				if _, ok := talk.ParseToken(ev.token); ok {
					t.Fatalf("an overlong token parses: %q", ev.token)
				}
			}
			if !utf8.ValidString(ev.text) {
				t.Fatalf("invalid UTF-8 read: %q", ev.text)
			}
		}
	})
}
