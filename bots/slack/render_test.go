package slack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/internal/units"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
	"github.com/slack-go/slack"
)

func TestRenderJSON(t *testing.T) {
	msg := talk.Message{Text: "#1042 <Tap> & sink", Rows: []talk.Row{
		{Buttons: []talk.Button{{Label: "Claim", Token: "t:claim:1042"}, {Label: "Share my phone"}}},
		{Buttons: []talk.Button{{Label: "Details", Token: "t:detail:1042"}}},
	}}
	pages := render(msg)
	if len(pages) != 1 {
		t.Fatalf("%d pages", len(pages))
	}
	got, err := json.Marshal(pages[0].blocks)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"type":"section","text":{"type":"mrkdwn","text":"#1042 \u0026lt;Tap\u0026gt; \u0026amp; sink"}},` +
		`{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"Claim","emoji":true},"action_id":"btn-1","value":"t:claim:1042"}]},` +
		`{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"Details","emoji":true},"action_id":"btn-2","value":"t:detail:1042"}]}]`
	if string(got) != want {
		t.Errorf("blocks\n%s\nwant\n%s", got, want)
	}
	if pages[0].fallback != "#1042 <Tap> & sink" {
		t.Errorf("fallback %q", pages[0].fallback)
	}
}

func TestRenderLimits(t *testing.T) {
	tests := []struct {
		name      string
		msg       talk.Message
		pages     int
		lastLinks int // actions blocks on the last page
	}{
		{"empty", talk.Message{}, 1, 0},
		{"short", talk.Message{Text: "hi"}, 1, 0},
		{"section-split", talk.Message{Text: strings.Repeat("word ", 1000)}, 1, 0},
		{"escaping-counts", talk.Message{Text: strings.Repeat("&", 2000)}, 1, 0},
		{"many-messages", talk.Message{Text: strings.Repeat("line of text\n", 7000)}, 3, 0},
		{"buttons-after-text", talk.Message{Text: strings.Repeat("x ", 20000),
			Rows: rowsOf(30, 4)}, 2, 5},
		{"wide-row", talk.Message{Text: "pick", Rows: rowsOf(1, 60)}, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := render(tt.msg)
			if len(pages) != tt.pages {
				t.Errorf("%d pages, want %d", len(pages), tt.pages)
			}
			ids := map[string]bool{}
			var text strings.Builder
			for i, p := range pages {
				if len(p.blocks) > maxBlocks {
					t.Errorf("page %d has %d blocks", i, len(p.blocks))
				}
				size := 0
				for _, b := range p.blocks {
					switch b := b.(type) {
					case *slack.SectionBlock:
						if n := units.Len(b.Text.Text); n > maxSectionText {
							t.Errorf("section of %d", n)
						}
						size += units.Len(b.Text.Text)
						text.WriteString(unescape(b.Text.Text))
					case *slack.ActionBlock:
						if len(b.Elements.ElementSet) > maxButtons {
							t.Errorf("actions block of %d", len(b.Elements.ElementSet))
						}
						for _, e := range b.Elements.ElementSet {
							id := e.(*slack.ButtonBlockElement).ActionID
							if ids[id] {
								t.Errorf("action_id %s twice", id)
							}
							ids[id] = true
						}
					}
				}
				if size > maxMessageText {
					t.Errorf("page %d holds %d characters", i, size)
				}
			}
			actions := 0
			for _, b := range pages[len(pages)-1].blocks {
				if _, ok := b.(*slack.ActionBlock); ok {
					actions++
				}
			}
			if actions != tt.lastLinks {
				t.Errorf("%d actions blocks on the last page, want %d", actions, tt.lastLinks)
			}
			if strings.Join(strings.Fields(text.String()), "") != strings.Join(strings.Fields(tt.msg.Text), "") {
				t.Error("text lost or changed in the split")
			}
		})
	}
}

func rowsOf(rows, per int) []talk.Row {
	out := make([]talk.Row, rows)
	for i := range out {
		for range per {
			out[i].Buttons = append(out[i].Buttons, talk.Button{Label: "b", Token: "m:help"})
		}
	}
	return out
}

// An edit is one message: all buttons kept, the text cut short.
func TestRenderOne(t *testing.T) {
	p := renderOne(talk.Message{Text: strings.Repeat("y ", 30000), Rows: rowsOf(2, 2)})
	if len(p.blocks) > maxBlocks {
		t.Fatalf("%d blocks", len(p.blocks))
	}
	last, ok := p.blocks[len(p.blocks)-1].(*slack.ActionBlock)
	if !ok || len(last.Elements.ElementSet) != 2 {
		t.Errorf("the buttons are not last")
	}
	cut := p.blocks[len(p.blocks)-3].(*slack.SectionBlock)
	if cut.Text.Text != "…" {
		t.Errorf("the cut is not marked: %.20q", cut.Text.Text)
	}
}

func TestHomeView(t *testing.T) {
	msgs := []talk.Message{{Text: "My open tickets", Rows: rowsOf(1, 2)}, {Text: "My jobs"}}
	v := homeView(msgs, "hint")
	types := []string{}
	for _, b := range v.Blocks.BlockSet {
		types = append(types, string(b.BlockType()))
	}
	if got := strings.Join(types, ","); got != "section,actions,divider,section,divider,context" {
		t.Errorf("blocks %s", got)
	}
	var many []talk.Message
	for range 60 {
		many = append(many, talk.Message{Text: "x", Rows: rowsOf(1, 1)})
	}
	if n := len(homeView(many, "hint").Blocks.BlockSet); n > maxHomeBlocks {
		t.Errorf("%d blocks on the Home tab", n)
	}
}

func TestPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a &lt;b&gt; &amp; c", "a <b> & c"},
		{"call <tel:13800001111|13800001111>", "call 13800001111"},
		{"<mailto:a@b.c|a@b.c>", "a@b.c"},
		{"see <https://example.com>", "see https://example.com"},
		{"hi <@U0ALICE>", "hi @U0ALICE"},
		{"unclosed <b", "unclosed <b"},
		{"&amp;lt;", "&lt;"},
	}
	for _, tt := range tests {
		if got := plain(tt.in); got != tt.want {
			t.Errorf("plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLangOf(t *testing.T) {
	for locale, want := range map[string]string{"zh-CN": "zh", "zh-TW": "zh", "en-US": "en", "ja-JP": "en", "": ""} {
		if got := i18n.Norm(locale); got != want {
			t.Errorf("i18n.Norm(%q) = %q, want %q", locale, got, want)
		}
	}
}

func TestReadCommand(t *testing.T) {
	b := &Bot{}
	tests := []struct{ text, cmd, rest string }{
		{"", "help", ""},
		{"  ", "help", ""},
		{"Report", "report", ""},
		{"mine accepted", "mine", "accepted"},
		{"faq  no  hot water ", "faq", "no  hot water"},
		{"/jobs", "jobs", ""},
	}
	for _, tt := range tests {
		ev := b.readCommand(&slack.SlashCommand{UserID: "U1", TeamID: "T1", ChannelID: "D1", Text: tt.text, TriggerID: "x"})
		if ev.command != tt.cmd || ev.text != tt.rest {
			t.Errorf("/repair %q read as %q %q", tt.text, ev.command, ev.text)
		}
	}
}

func TestConfig(t *testing.T) {
	bad := Config{AppToken: "xoxb-wrong", DispatchChannel: "#repairs", APIBase: "::"}
	err := bad.check()
	for _, want := range []string{"no bot token", "xapp-", "#repairs", "not a URL"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("check() = %v, want it to mention %q", err, want)
		}
	}
	good := Config{BotToken: "xoxb-1", SigningSecret: "0123456789abcdef0123456789abcdef", DispatchChannel: "slack:C0123", APIBase: "http://x/api"}
	if err := good.check(); err != nil || good.DispatchChannel != "C0123" || good.APIBase != "http://x/api/" {
		t.Errorf("check() = %v, %+v", err, good)
	}
}
