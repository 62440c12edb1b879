package desk

import "strings"

// FromMessage is what a report made from somebody's message starts with
// (a Slack message shortcut or 🎫, a Telegram /report in reply): its
// first line as the title and the whole as the description, each cleaned
// and cut to its field's length, so that it passes as it is and the
// person only adds where and what kind. Empty when the message had no
// words (a picture alone).
func FromMessage(text string) (title, description string) {
	description = clip(clean(text), MaxText)
	first, _, _ := strings.Cut(description, "\n")
	return clip(strings.TrimSpace(first), MaxTitle), description
}

// clean is CleanText without its limits.
func clean(s string) string {
	out, _ := CleanText(s, len(s)+1, false)
	return out
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n]))
}
