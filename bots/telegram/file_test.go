package telegram_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/talk"
)

// filer is a recorder that makes the files its answers carry.
type filer struct{ recorder }

func (f *filer) WriteFile(_ context.Context, _ string, file talk.File, w io.Writer) error {
	_, err := io.WriteString(w, "ref,title\n"+file.Ref+",Leaking tap\n")
	return err
}

// An answer whose words got through before Telegram failed the file is
// answered again with the file alone: the words are not sent twice.
func TestAnswerAgainSendsItsFileNotItsWordsTwice(t *testing.T) {
	t.Parallel() // it waits out the try again
	h := &filer{recorder{answer: func(talk.Input) talk.Response {
		return talk.Response{Messages: []talk.Message{{Text: "Your export is ready.",
			File: &talk.File{Name: "tickets.csv", Ref: "week", Failed: "No export."}}}}
	}}}
	r := newRig(t, h)
	r.srv.FailMethod("sendDocument", 4, http.StatusInternalServerError, 0)
	r.srv.SendText(alice, telegramtest.Private(alice), "/export")
	r.waitFor("the file", func() bool {
		for _, m := range r.srv.MessagesTo(alice.ID) {
			if m.Document != nil {
				return true
			}
		}
		return false
	})
	time.Sleep(200 * time.Millisecond) // anything more would come now
	words, files := 0, 0
	for _, m := range r.srv.MessagesTo(alice.ID) {
		if m.Text == "Your export is ready." {
			words++
		}
		if m.Document != nil {
			files++
			if m.DocumentName != "tickets.csv" || string(m.Document) != "ref,title\nweek,Leaking tap\n" {
				t.Errorf("document %s: %q", m.DocumentName, m.Document)
			}
		}
	}
	if words != 1 || files != 1 {
		t.Errorf("alice got the words %d times and the file %d times, want once each: %s", words, files, texts(r.srv.MessagesTo(alice.ID)))
	}
}
