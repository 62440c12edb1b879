package notice

import (
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// A reminder in a group chat gives the wait in each language: the Chinese
// line in Chinese units, the English line in English ones.
func TestGroupReminderWaitInEachLanguage(t *testing.T) {
	created := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	tk := &desk.Ticket{ID: "1001", Number: 1001, CreatedAt: created}
	n := desk.Notice{Kind: desk.RuleOverdue, To: desk.ToDispatch, At: created.Add(2*time.Hour + time.Minute)}
	text := noticeView{loc: time.UTC}.Render(tk, n).Text
	lines := strings.Split(text, "\n")
	if len(lines) < 2 {
		t.Fatalf("want a Chinese and an English line, got %q", text)
	}
	if !strings.Contains(lines[0], "2小时1分") || strings.Contains(lines[0], "2h") {
		t.Errorf("Chinese line %q, want the wait in Chinese units", lines[0])
	}
	if !strings.Contains(lines[1], "2h 1m") {
		t.Errorf("English line %q, want the wait in English units", lines[1])
	}
}
