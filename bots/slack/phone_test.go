package slack

import (
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/internal/units"
	"github.com/repairdesk/repairdesk/talk"
	"github.com/slack-go/slack"
)

// A phone the desk names becomes a tel: link, which Slack's apps let a
// person tap to call; the notification's text shows the number as
// written. Other digits stay text.
func TestRenderLinksPhones(t *testing.T) {
	msg := talk.Message{Text: "#1001 was urged. Maintenance centre: 020-0000-0000 <ok>", Phones: []string{"020-0000-0000"}}
	pages := render(msg)
	if len(pages) != 1 {
		t.Fatalf("%d pages", len(pages))
	}
	text := strings.Join(sectionTexts(pages[0]), "\n")
	want := "#1001 was urged. Maintenance centre: <tel:02000000000|020-0000-0000> &lt;ok&gt;"
	if text != want {
		t.Errorf("section %q, want %q", text, want)
	}
	if pages[0].fallback != msg.Text {
		t.Errorf("fallback %q, want %q", pages[0].fallback, msg.Text)
	}
	if plus := telLink("+86 20 1234 5678"); plus != "<tel:+862012345678|+86 20 1234 5678>" {
		t.Errorf("international number: %q", plus)
	}
}

// A section cut to Slack's limit still fits once its phones are links.
func TestRenderLinkedPhonesFitTheLimit(t *testing.T) {
	phone := "020-0000-0000"
	text := strings.Repeat(phone+" ", maxSectionText/len(phone)+10)
	for _, p := range render(talk.Message{Text: text, Phones: []string{phone}}) {
		for _, s := range sectionTexts(p) {
			if n := units.Len(s); n > maxSectionText {
				t.Errorf("a section of %d units, over %d", n, maxSectionText)
			}
		}
	}
}

func sectionTexts(p page) []string {
	var out []string
	for _, b := range p.blocks {
		if s, ok := b.(*slack.SectionBlock); ok && s.Text != nil {
			out = append(out, s.Text.Text)
		}
	}
	return out
}
