package desk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
)

// A dialogue step writes its effect on a ticket first and the dialogue's
// own record of the step (its session) after. A process killed between
// the two leaves the input unanswered, and the platform or the inbox
// hands it over again at the next start: the step then runs again
// against a ticket it has already changed, and would refuse ("#1001 is
// Completed now; that cannot be done") or, for an action that may be
// repeated (an urge, a reply), do it twice. So the ticket records, in the
// same write as the change, which input made it; the same input asking
// the same action again finds it done and gets the ticket as it is.

// inputKey is the context key of the input being handled.
type inputKey struct{}

// WithInput returns ctx carrying key, the platform's own id of the input
// being handled (talk.Input.Key): the changes made under it are recorded
// on their tickets, and asked again under it are not made twice. An empty
// key records nothing.
func WithInput(ctx context.Context, key string) context.Context {
	if key == "" {
		return ctx
	}
	return context.WithValue(ctx, inputKey{}, key)
}

// InputOf is the key of the input being handled (WithInput); "" for none.
func InputOf(ctx context.Context) string {
	key, _ := ctx.Value(inputKey{}).(string)
	return key
}

// inputID is an ID for a new record made by the input in ctx, the same
// each time the input is handed over, so that a replay finds the record
// it made rather than make a second; "" without an input.
func inputID(ctx context.Context) string {
	key := InputOf(ctx)
	if key == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// inputDone reports whether marks, a record's inputs, hold the input in
// ctx: the record was already changed by it.
func inputDone(ctx context.Context, marks []string) bool { return hasMark(marks, InputOf(ctx)) }

// addInput is marks with the input in ctx recorded.
func addInput(ctx context.Context, marks []string) []string { return withMark(marks, InputOf(ctx)) }

// hasMark reports whether marks hold m; never for an empty m.
func hasMark(marks []string, m string) bool { return m != "" && slices.Contains(marks, m) }

// withMark is marks with m added, the latest maxInputs kept; marks as
// they are for an empty m.
func withMark(marks []string, m string) []string {
	if m == "" {
		return marks
	}
	marks = append(slices.Clone(marks), m)
	if n := len(marks) - maxInputs; n > 0 {
		marks = slices.Delete(marks, 0, n)
	}
	return marks
}

// maxInputs is how many changes by input a ticket, or the catalogue,
// remembers. An input is handed over again only after a crash that cut
// its step short, so only the latest changes matter; a ticket's life has
// a few dozen.
const maxInputs = 8

// inputMark names the change a made under the input in ctx; "" for none.
func inputMark(ctx context.Context, a Action) string {
	key := InputOf(ctx)
	if key == "" {
		return ""
	}
	return key + " " + string(a)
}

// doneBy reports whether the input in ctx already made change a to t.
func (t *Ticket) doneBy(ctx context.Context, a Action) bool {
	return hasMark(t.Inputs, inputMark(ctx, a))
}

// recordInput records on t that the input in ctx made change a.
func (t *Ticket) recordInput(ctx context.Context, a Action) {
	t.Inputs = withMark(t.Inputs, inputMark(ctx, a))
}
