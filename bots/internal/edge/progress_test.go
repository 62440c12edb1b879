package edge

import (
	"errors"
	"slices"
	"testing"

	"github.com/repairdesk/repairdesk/talk"
)

// An answer whose file failed is delivered again from the file on: the
// words that got through are not sent twice, and no longer edit the
// message pressed; once through, nothing is remembered.
func TestDeliverResumesAfterTheStepsThatGotThrough(t *testing.T) {
	var p Progress
	msgs := []talk.Message{{Text: "Your export is ready.", Edit: true, File: &talk.File{Name: "week.csv"}}, {Text: "Anything else?"}}
	var sent []string
	fail := true
	words := func(m talk.Message, edit bool) error {
		if m.File != nil {
			t.Errorf("words sent with their file: %+v", m)
		}
		sent = append(sent, m.Text+map[bool]string{true: " (edit)", false: ""}[edit])
		return nil
	}
	file := func(f *talk.File) error {
		if fail {
			return errors.New("upload failed")
		}
		sent = append(sent, f.Name)
		return nil
	}
	if err := p.Deliver("u1", msgs, words, file); err == nil {
		t.Fatal("a failed file reported delivered")
	}
	fail = false
	if err := p.Deliver("u1", msgs, words, file); err != nil {
		t.Fatal(err)
	}
	want := []string{"Your export is ready. (edit)", "week.csv", "Anything else?"}
	if !slices.Equal(sent, want) {
		t.Errorf("sent %q, want %q", sent, want)
	}
	if n := p.Sent("u1"); n != 0 {
		t.Errorf("%d steps remembered after the answer went through", n)
	}
}
