package telegram

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/talk"
)

// Held answers are joined in the order held; an update handled again
// holds its answer in place of the first; a week-old answer and those
// beyond maxHeld, oldest first, are left out.
func TestJoinHeld(t *testing.T) {
	now := time.Now()
	answer := func(update, text string, age time.Duration) heldAnswer {
		return heldAnswer{Update: update, At: now.Add(-age), Message: talk.Message{Text: text}}
	}
	texts := func(as []heldAnswer) string {
		var out []string
		for _, a := range as {
			out = append(out, a.Message.Text)
		}
		return strings.Join(out, " ")
	}
	many := func(n int) []heldAnswer {
		var out []heldAnswer
		for i := range n {
			out = append(out, answer(fmt.Sprint("u", i), fmt.Sprint(i), time.Minute))
		}
		return out
	}
	for _, c := range []struct {
		name                 string
		stored, memory, more []heldAnswer
		want                 string
	}{
		{"in-order", []heldAnswer{answer("u1", "a", time.Hour)}, []heldAnswer{answer("u2", "b", time.Minute)},
			[]heldAnswer{answer("u3", "c", 0)}, "a b c"},
		{"same-update-again", []heldAnswer{answer("u1", "a", time.Hour), answer("u2", "b", time.Hour)}, nil,
			[]heldAnswer{answer("u1", "a again", 0)}, "b a again"},
		{"week-old-dropped", []heldAnswer{answer("u1", "old", heldFor+time.Minute), answer("u2", "b", heldFor-time.Minute)}, nil,
			nil, "b"},
		{"bounded", many(maxHeld), nil, []heldAnswer{answer("new", "new", 0)},
			texts(many(maxHeld)[1:]) + " new"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := texts(joinHeld(c.stored, c.memory, c.more, now)); got != c.want {
				t.Errorf("joinHeld = %q, want %q", got, c.want)
			}
		})
	}
}
