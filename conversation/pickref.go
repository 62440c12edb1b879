package conversation

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/repairdesk/repairdesk/talk"
)

// A button that acts on one entry of a list (removes it, deletes an
// article) names the entry by a short hash of its key, not by its
// position. The same press may be handed over again after a crash that
// came between the desk's write and the dialogue's: by then the list has
// lost the entry, and a position would name its neighbour, which would be
// removed too. A hash finds the entry gone instead.

// refMark starts a button value that is a hash of a key, so that it is
// never read as a position or a name.
const refMark = "="

// entryRef is the button value naming key. Six bytes of the hash tell
// apart the few dozen entries of a list and keep the token short enough
// for Telegram's 64 bytes of callback data, whatever the key's length.
func entryRef(key string) string {
	sum := sha256.Sum256([]byte(key))
	return refMark + hex.EncodeToString(sum[:6])
}

// refOptions renders a list as answer buttons labelled labels, each
// naming the key at its position (entryRef).
func (t *turn) refOptions(labels, keys []string, perRow int) []talk.Row {
	// A number typed answers the list as it was shown, which the dialogue
	// keeps: the answer handed over again after a crash must name the
	// same entry, though the list has lost it since.
	t.showing(keys)
	var rows []talk.Row
	for i, label := range labels {
		if i%perRow == 0 {
			rows = append(rows, talk.Row{})
		}
		r := &rows[len(rows)-1]
		r.Buttons = append(r.Buttons, t.choice(label, entryRef(keys[i])))
	}
	return rows
}

// pickedRef returns the key of the entry the person chose from a list
// rendered by refOptions: a pressed button, or a number or label typed.
// gone reports a pressed entry that is no longer in the list.
func (t *turn) pickedRef(labels, keys []string) (key string, gone bool, err error) {
	if t.isPress {
		if !strings.HasPrefix(t.pressed, refMark) {
			// A button of a list shown before buttons named entries by
			// hash names a position, which may be a neighbour's now.
			return "", false, errInvalid("err.want_choice")
		}
		for _, k := range keys {
			if entryRef(k) == t.pressed {
				return k, false, nil
			}
		}
		return "", true, nil
	}
	if key, gone, ok := t.typedRef(keys); ok {
		return key, gone, nil
	}
	i, err := t.pickedIndex(labels)
	if err != nil || i >= len(keys) {
		return "", false, errInvalid("err.want_choice")
	}
	return keys[i], false, nil
}

// typedRef reads a number typed as a place in the list last shown
// (Draft.Shown), and reports whether it was one: the key shown there, or
// gone if the list no longer has it.
func (t *turn) typedRef(keys []string) (key string, gone, ok bool) {
	key, ok = t.typedShown()
	return key, ok && !slices.Contains(keys, key), ok
}

// typedShown is the value shown at the place a typed number names in the
// list last shown (Draft.Shown), if the answer is such a number.
func (t *turn) typedShown() (string, bool) {
	shown := t.s.Draft.Shown
	if t.isPress || t.in.Kind != talk.KindText || len(shown) == 0 {
		return "", false
	}
	i, err := strconv.Atoi(strings.TrimSpace(t.in.Text))
	if err != nil || i < 1 || i > len(shown) {
		return "", false
	}
	return shown[i-1], true
}

// showing keeps the values of the list being shown (Draft.Shown), for a
// number typed in answer to it.
func (t *turn) showing(values []string) {
	if !slices.Equal(t.s.Draft.Shown, values) {
		t.s.Draft.Shown, t.dirty = slices.Clone(values), true
	}
}
