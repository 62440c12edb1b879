package slack

import (
	"slices"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/units"
	"github.com/repairdesk/repairdesk/talk"
)

// Slack's Block Kit limits, in characters (counted here in UTF-16 units,
// as Slack's JavaScript counts them).
const (
	maxSectionText = 3000  // a section's text
	maxBlocks      = 50    // blocks in one message
	maxMessageText = 38000 // all sections of one message, under Slack's ~40,000
	maxButtons     = 25    // elements in one actions block
	maxButtonLabel = 75    // a button's plain_text
	maxHomeBlocks  = 100   // blocks in the Home tab
	maxFallback    = 3000  // the message's top-level text, shown in notifications
)

// page is one Slack message: its blocks, and the plain text that
// notifications and screen readers show.
type page struct {
	blocks   []slack.Block
	fallback string
}

// layout is a desk message before it is cut into pages: its text in
// sections, its buttons in actions blocks.
type layout struct {
	sections []string // mrkdwn, escaped, each within maxSectionText
	actions  []*slack.ActionBlock
	text     string // the text as written, for the fallback
}

// lay escapes the message's text for mrkdwn, cuts it into sections, and
// makes its rows of buttons into actions blocks: one per row, each button
// carrying its token as its value. Buttons without a token (none are
// made by the desk) are left out: Slack would refuse the whole message.
func lay(msg talk.Message, ids *int) layout {
	text := strings.TrimSpace(msg.Text)
	l := layout{text: text}
	for _, part := range units.Split(text, maxSectionText-linksCost(text, msg.Phones), escapedLen) {
		l.sections = append(l.sections, linkPhones(escape(part), msg.Phones))
	}
	var rows [][]slack.BlockElement
	for _, r := range msg.Rows {
		var row []slack.BlockElement
		for _, btn := range r.Buttons {
			if btn.Token == "" {
				continue
			}
			*ids++
			label := slack.NewTextBlockObject(slack.PlainTextType, units.Clip(strings.TrimSpace(btn.Label), maxButtonLabel), true, false)
			row = append(row, slack.NewButtonBlockElement("btn-"+strconv.Itoa(*ids), btn.Token, label))
		}
		for len(row) > 0 {
			n := min(len(row), maxButtons)
			rows, row = append(rows, row[:n]), row[n:]
		}
	}
	if len(rows) > maxBlocks/2 {
		// Too many rows to keep one per block: pack the buttons, 25 to
		// a block. Slack wraps them on screen anyway.
		var all []slack.BlockElement
		for _, r := range rows {
			all = append(all, r...)
		}
		rows = nil
		for len(all) > 0 {
			n := min(len(all), maxButtons)
			rows, all = append(rows, all[:n]), all[n:]
		}
	}
	for _, r := range rows {
		l.actions = append(l.actions, slack.NewActionBlock("", r...))
	}
	return l
}

// render lays msg out as one or more messages: the text in sections, as
// many messages as it takes, and the buttons after it, so that they sit
// on the last message (the one a later edit replaces).
func render(msg talk.Message) []page {
	ids := 0
	l := lay(msg, &ids)
	var pages []page
	var cur page
	size := 0
	flush := func() {
		if len(cur.blocks) > 0 {
			pages = append(pages, cur)
		}
		cur, size = page{}, 0
	}
	for _, s := range l.sections {
		n := units.Len(s)
		if len(cur.blocks) == maxBlocks || size+n > maxMessageText {
			flush()
		}
		cur.blocks = append(cur.blocks, section(s))
		cur.fallback = joinFallback(cur.fallback, plain(s))
		size += n
	}
	for _, a := range l.actions {
		if len(cur.blocks) == maxBlocks {
			flush()
		}
		cur.blocks = append(cur.blocks, a)
	}
	flush()
	if len(pages) == 0 {
		pages = []page{{fallback: " "}}
	}
	return pages
}

// renderOne lays msg out as a single message, for an edit: the buttons
// all stay, and the text is cut short where it does not fit.
func renderOne(msg talk.Message) page {
	ids := 0
	l := lay(msg, &ids)
	room := maxBlocks - len(l.actions)
	var p page
	size := 0
	for i, s := range l.sections {
		n := units.Len(s)
		if i >= room || size+n > maxMessageText {
			p.blocks = append(p.blocks, section("…"))
			break
		}
		p.blocks = append(p.blocks, section(s))
		p.fallback = joinFallback(p.fallback, plain(s))
		size += n
	}
	for _, a := range l.actions {
		p.blocks = append(p.blocks, a)
	}
	if p.fallback == "" {
		p.fallback = " "
	}
	return p
}

// homeView lays the desk's messages out on the Home tab, one after the
// other with a divider between, within the tab's 100 blocks.
func homeView(msgs []talk.Message, footer string) slack.HomeTabViewRequest {
	ids := 0
	var blocks []slack.Block
	room := maxHomeBlocks - 3 // the footer, its divider and a "…"
	full := false
	for i, m := range msgs {
		l := lay(m, &ids)
		need := len(l.sections) + len(l.actions)
		if i > 0 {
			need++ // the divider
		}
		if len(blocks)+need > room {
			full = true
			break
		}
		if i > 0 {
			blocks = append(blocks, slack.NewDividerBlock())
		}
		for _, s := range l.sections {
			blocks = append(blocks, section(s))
		}
		for _, a := range l.actions {
			blocks = append(blocks, a)
		}
	}
	if full {
		blocks = append(blocks, section("…"))
	}
	if footer != "" {
		blocks = append(blocks, slack.NewDividerBlock(),
			slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, escape(footer), false, false)))
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

func section(mrkdwn string) *slack.SectionBlock {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, mrkdwn, false, false), nil, nil)
}

func joinFallback(a, b string) string {
	if a != "" {
		a += "\n"
	}
	return units.Clip(a+b, maxFallback)
}

// escape makes text safe in mrkdwn: Slack reads &, < and > as markup
// (links, mentions, entities), so a person's "<b>" or "A&B" must be
// escaped to show as typed.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Slack makes a phone number tappable only as a link: mrkdwn's
// <tel:…|…>. The desk names the numbers in a message (talk.Message.Phones)
// rather than have every run of digits taken for one.

// telLink is the link for a phone number as it is written.
func telLink(phone string) string {
	var uri strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			uri.WriteRune(r)
		}
	}
	return "<tel:" + uri.String() + "|" + escape(phone) + ">"
}

// linkPhones makes each phone in mrkdwn, already escaped, a link.
func linkPhones(mrkdwn string, phones []string) string {
	var pairs []string
	for _, p := range phones {
		if strings.TrimSpace(p) != "" && !slices.Contains(pairs, escape(p)) {
			pairs = append(pairs, escape(p), telLink(p))
		}
	}
	if len(pairs) == 0 {
		return mrkdwn
	}
	return strings.NewReplacer(pairs...).Replace(mrkdwn)
}

// linksCost is what the links add to text's length, so that a section
// cut to the limit still fits once its phones are links.
func linksCost(text string, phones []string) int {
	n := 0
	for _, p := range phones {
		if strings.TrimSpace(p) != "" {
			n += strings.Count(text, p) * (units.Len(telLink(p)) - units.Len(escape(p)))
		}
	}
	return n
}

func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

// escapedLen is the length a rune takes once escaped.
func escapedLen(r rune) int {
	switch r {
	case '&':
		return 5
	case '<', '>':
		return 4
	}
	return units.Of(r)
}
