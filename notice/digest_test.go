package notice_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// channel is a platform with a supervisors' channel that can be down.
type channel struct {
	name string
	down bool
	got  int
}

func (c *channel) Platform() string       { return c.name }
func (c *channel) DispatchChat() string   { return "" }
func (c *channel) SupervisorChat() string { return c.name + ":supervisors" }
func (c *channel) Edit(context.Context, string, string, talk.Message) error {
	return errors.New("digests are not edited")
}

func (c *channel) Send(_ context.Context, to talk.Target, m talk.Message) (string, error) {
	if c.down {
		return "", errors.New("chat API down")
	}
	if to.Chat != c.SupervisorChat() || m.Text == "" {
		return "", errors.New("digest sent to the wrong place")
	}
	c.got++
	return "1", nil
}

// When one platform is down, the digest fails so that it is tried again,
// and the retry reaches only the platform that missed it.
func TestDigestRetryRepeatsNothing(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	up, down := &channel{name: "up"}, &channel{name: "down", down: true}
	senders := []talk.Sender{up, down}
	st := desk.Stats{ByState: map[desk.State]int{desk.Pending: 3}}

	if err := notice.Digest(ctx, senders, store, "digest:2026-11-23", st); err == nil {
		t.Fatal("a digest that missed a platform reported success")
	}
	down.down = false
	for range 2 {
		if err := notice.Digest(ctx, senders, store, "digest:2026-11-23", st); err != nil {
			t.Fatal(err)
		}
	}
	if up.got != 1 || down.got != 1 {
		t.Errorf("digests: %d on the platform that was up, %d on the one that was down; want one each", up.got, down.got)
	}
	// The next day's is another digest.
	if err := notice.Digest(ctx, senders, store, "digest:2026-11-24", st); err != nil || up.got != 2 || down.got != 2 {
		t.Errorf("next day: %v, %d and %d digests", err, up.got, down.got)
	}
}

// The digest lists the overdue tickets, longest waiting first, under their
// count.
func TestDigestListsOverdueTickets(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	svc.Now = func() time.Time { return now }
	u, err := svc.Account(ctx, "test:req", "en")
	if err == nil {
		u, err = svc.Register(ctx, u, desk.Profile{Name: "Req", Phone: "13800000000", Department: "Lab"})
	}
	if err != nil {
		t.Fatal(err)
	}
	c, _ := store.Catalog(ctx)
	for _, title := range []string{"Old leak", "Newer lamp"} {
		r := desk.Report{Location: desk.Location{Zone: c.Zones[0].Name, Building: c.Zones[0].Buildings[0]},
			ProblemType: c.ProblemTypes[0], Title: title, Description: "Broken", Contact: "13800000000"}
		if _, err := svc.Report(ctx, u, r); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
	}
	st, err := svc.Summary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if text := notice.DigestMessage(st).Text; strings.Contains(text, "Old leak") {
		t.Fatalf("a digest before anything is overdue lists:\n%s", text)
	}
	now = now.Add(48 * time.Hour)
	if st, err = svc.Summary(ctx); err != nil {
		t.Fatal(err)
	}
	text := notice.DigestMessage(st).Text
	old, newer := strings.Index(text, "#1001 超 Old leak"), strings.Index(text, "#1002 超 Newer lamp")
	if st.Overdue != 2 || old < 0 || newer < old || !strings.Contains(text, "Overdue tickets (2)") {
		t.Fatalf("digest with two overdue tickets:\n%s", text)
	}
}
