package fakeslack

import (
	"encoding/json"
	"strings"
)

// Block is a Block Kit block as the bot sent it, read as far as tests need.
type Block struct {
	Type     string    `json:"type"`
	BlockID  string    `json:"block_id,omitempty"`
	Text     *Text     `json:"text,omitempty"`
	Elements []Element `json:"elements,omitempty"`
	// Label and Element are an input block's (in a modal).
	Label   *Text    `json:"label,omitempty"`
	Element *Element `json:"element,omitempty"`
}

// Text is a text object: mrkdwn or plain_text.
type Text struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// Element is an element of an actions, context or input block.
type Element struct {
	Type         string   `json:"type"`
	ActionID     string   `json:"action_id,omitempty"`
	Value        string   `json:"value,omitempty"`
	Text         *Text    `json:"text,omitempty"`
	InitialValue string   `json:"initial_value,omitempty"`
	Options      []string `json:"-"` // a select's option values, groups flattened
}

type option struct {
	Value string `json:"value"`
}

// UnmarshalJSON reads both buttons, whose text is an object, and the
// text elements of a context block, which are text objects themselves.
func (e *Element) UnmarshalJSON(b []byte) error {
	var raw struct {
		Type         string          `json:"type"`
		ActionID     string          `json:"action_id"`
		Value        string          `json:"value"`
		Text         json.RawMessage `json:"text"`
		InitialValue string          `json:"initial_value"`
		Options      []option        `json:"options"`
		OptionGroups []struct {
			Options []option `json:"options"`
		} `json:"option_groups"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*e = Element{Type: raw.Type, ActionID: raw.ActionID, Value: raw.Value, InitialValue: raw.InitialValue}
	for _, o := range raw.Options {
		e.Options = append(e.Options, o.Value)
	}
	for _, g := range raw.OptionGroups {
		for _, o := range g.Options {
			e.Options = append(e.Options, o.Value)
		}
	}
	if len(raw.Text) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(raw.Text, &s) == nil {
		e.Text = &Text{Type: raw.Type, Text: s}
		return nil
	}
	return json.Unmarshal(raw.Text, &e.Text)
}

// Button is a button on a message or a view.
type Button struct {
	Label    string
	ActionID string
	BlockID  string
	// Value is what the bot put in the button: the desk's token.
	Value string
}

// Blocks are a message's or a view's blocks.
type Blocks []Block

// Text is what a person reads: the sections' and context blocks' text,
// unescaped, one block a line.
func (bs Blocks) Text() string {
	var lines []string
	for _, b := range bs {
		switch {
		case b.Text != nil:
			lines = append(lines, Unescape(b.Text.Text))
		case b.Type == "context":
			for _, e := range b.Elements {
				if e.Text != nil {
					lines = append(lines, Unescape(e.Text.Text))
				}
			}
		}
	}
	return strings.Join(lines, "\n")
}

// Buttons lists the buttons of every actions block, in order.
func (bs Blocks) Buttons() []Button {
	var out []Button
	for _, b := range bs {
		if b.Type != "actions" {
			continue
		}
		for _, e := range b.Elements {
			if e.Type != "button" {
				continue
			}
			btn := Button{ActionID: e.ActionID, BlockID: b.BlockID, Value: e.Value}
			if e.Text != nil {
				btn.Label = e.Text.Text
			}
			out = append(out, btn)
		}
	}
	return out
}

// Button finds a button by its label: the exact label, or else the first
// that contains it.
func (bs Blocks) Button(label string) (Button, bool) {
	all := bs.Buttons()
	for _, b := range all {
		if b.Label == label {
			return b, true
		}
	}
	for _, b := range all {
		if strings.Contains(b.Label, label) {
			return b, true
		}
	}
	return Button{}, false
}

// Unescape turns mrkdwn's &amp; &lt; &gt; back into their characters.
func Unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

// Slack's limits on blocks, which it answers invalid_blocks to.
const (
	maxBlocks      = 50
	maxViewBlocks  = 100
	maxSectionText = 3000
	maxElements    = 25
	maxButtonText  = 75
	maxValue       = 2000
	maxActionID    = 255
	maxText        = 40000
)

// checkBlocks returns Slack's error code for blocks it would refuse, ""
// for blocks it takes.
func checkBlocks(bs Blocks, limit int) string {
	if len(bs) > limit {
		return "invalid_blocks"
	}
	actions := map[string]bool{}
	blockIDs := map[string]bool{}
	for _, b := range bs {
		if b.BlockID != "" {
			if blockIDs[b.BlockID] {
				return "invalid_blocks"
			}
			blockIDs[b.BlockID] = true
		}
		switch b.Type {
		case "section":
			if b.Text == nil || b.Text.Text == "" || runeLen(b.Text.Text) > maxSectionText {
				return "invalid_blocks"
			}
			if b.Text.Type != "mrkdwn" && b.Text.Type != "plain_text" {
				return "invalid_blocks"
			}
		case "actions":
			if len(b.Elements) == 0 || len(b.Elements) > maxElements {
				return "invalid_blocks"
			}
			for _, e := range b.Elements {
				if e.Type == "button" && (e.Text == nil || e.Text.Type != "plain_text" || e.Text.Text == "" ||
					runeLen(e.Text.Text) > maxButtonText || len(e.Value) > maxValue) {
					return "invalid_blocks"
				}
				if e.ActionID == "" || len(e.ActionID) > maxActionID || actions[e.ActionID] {
					return "invalid_blocks"
				}
				actions[e.ActionID] = true
			}
		case "input":
			if b.Label == nil || b.Label.Text == "" || b.Element == nil || b.Element.ActionID == "" {
				return "invalid_blocks"
			}
		case "divider", "context", "header", "image":
		default:
			return "invalid_blocks"
		}
	}
	return ""
}

func runeLen(s string) int { return len([]rune(s)) }
