package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// Any message in a group pane can become a report: its 🎫 Report action,
// or "/report" written in its thread, starts a report in the person's
// private chat with the message's words (and photo) filled in, as
// Telegram's /report in reply does. A message the group does not hold
// is refused.
func TestReportFromAGroupMessage(t *testing.T) {
	s := newSite(t)
	said := s.say("li", "dispatch", "The stairwell light on floor 3 is out.")
	if len(said.IDs) == 0 {
		t.Fatal("the message was not shown")
	}
	msgID := said.IDs[0]

	// The action, as the page's button sends it.
	r := s.post(map[string]string{"person": "sam", "chat": "web:dispatch", "kind": "report", "messageId": msgID})
	if r.Status != http.StatusOK {
		t.Fatalf("report from a message: status %d", r.Status)
	}
	priv := s.messages("sam", "")
	if len(priv) < 2 || !strings.Contains(priv[len(priv)-2].Text, "The stairwell light on floor 3 is out.") ||
		!strings.Contains(priv[len(priv)-1].Text, "Which zone?") {
		t.Fatalf("sam's chat after the action: %q", texts(priv))
	}
	s.say("sam", "", "/cancel")

	// "/report" in the thread of a photo: the photo goes with the report.
	if up := s.upload("li", "dispatch", pngBytes); up.Status != http.StatusOK {
		t.Fatalf("a photo in the dispatch pane: status %d", up.Status)
	}
	photoMsg := s.last("li", "dispatch")
	if len(photoMsg.Photos) != 1 {
		t.Fatalf("the photo message: %+v", photoMsg)
	}
	r = s.post(map[string]string{"person": "sam", "chat": "web:dispatch", "kind": "text", "text": "/report", "replyTo": photoMsg.ID})
	if r.Status != http.StatusOK {
		t.Fatalf("/report in a thread: status %d", r.Status)
	}
	if got := s.last("sam", ""); !strings.Contains(got.Text, "Which zone?") {
		t.Fatalf("sam's chat after /report in the thread: %q", texts(s.messages("sam", "")))
	}
	// A photo alone has no words: the title and description are asked.
	for _, step := range []string{"0", "0", "skip", "skip", "0"} {
		s.answer("sam", step)
	}
	s.say("sam", "", "Cracked lamp cover")
	s.say("sam", "", "The cover in the photo is cracked.")
	for _, step := range []string{"done", "any", "profile"} {
		s.answer("sam", step)
	}
	summary := s.last("sam", "")
	if !strings.Contains(summary.Text, "Please check your report") || len(summary.Photos) != 1 || summary.Photos[0] != photoMsg.Photos[0] {
		t.Fatalf("the summary does not carry the message's photo: %q %v", summary.Text, summary.Photos)
	}
	s.answer("sam", "submit")
	if got := s.last("sam", ""); !strings.Contains(got.Text, "#1001") {
		t.Fatalf("not submitted: %s", got.Text)
	}

	// A message from elsewhere, or none: refused.
	for _, id := range []string{"nope", s.last("sam", "").ID} {
		r = s.post(map[string]string{"person": "sam", "chat": "web:dispatch", "kind": "report", "messageId": id})
		if r.Status != http.StatusNotFound {
			t.Errorf("report from message %q of another chat: status %d", id, r.Status)
		}
	}
}
