package slack_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/talk"
)

// filer is a recorder that makes the files its answers carry.
type filer struct{ recorder }

func (f *filer) WriteFile(_ context.Context, _ string, file talk.File, w io.Writer) error {
	_, err := io.WriteString(w, "ref,title\n"+file.Ref+",Leaking tap\n")
	return err
}

// An answer whose words got through before Slack failed the file's
// upload is answered again with the file alone: the words are not
// posted twice; and once it got through, it is not tried again.
func TestAnswerAgainSendsItsFileNotItsWordsTwice(t *testing.T) {
	t.Parallel() // it waits out a try again that must not come
	h := &filer{recorder{answer: func(talk.Input) (talk.Response, error) {
		return talk.Response{Messages: []talk.Message{{Text: "Your export is ready.",
			File: &talk.File{Name: "tickets.csv", Ref: "week", Failed: "No export."}}}}, nil
	}}}
	r := newRig(t, socketMode, h, nil)
	r.srv.FailStatus("files.getUploadURLExternal", 4, http.StatusInternalServerError)
	r.acked(r.srv.SendDM(alice, "/export"))
	r.said(alice, "Your export is ready.")
	if !r.srv.WaitFor(wait, func() bool { return len(r.srv.Uploads()) > 0 }) {
		t.Fatal("the file was never uploaded")
	}
	// A third try would come 4 s after the second (answerRetry, doubled).
	time.Sleep(4500 * time.Millisecond)
	words := 0
	for _, m := range r.srv.BotMessagesTo(alice) {
		if m.Body() == "Your export is ready." {
			words++
		}
	}
	if words != 1 {
		t.Errorf("alice was told %q, want the words once", bodies(r.srv.BotMessagesTo(alice)))
	}
	if up := r.srv.Uploads(); len(up) != 1 || up[0].Name != "tickets.csv" || string(up[0].Data) != "ref,title\nweek,Leaking tap\n" {
		t.Errorf("uploads %+v, want tickets.csv once", up)
	}
}
