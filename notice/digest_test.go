package notice_test

import (
	"context"
	"errors"
	"strconv"
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
	st := desk.Digest{Live: 3}

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
// count, and the suspension requests waiting for review.
func TestDigestListsOverdueTickets(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	svc.Now = func() time.Time { return now }
	people := map[string]*desk.User{}
	for _, who := range []string{"Req", "Tech"} {
		u, err := svc.Account(ctx, "test:"+who, "en")
		if err == nil {
			u, err = svc.Register(ctx, u, desk.Profile{Name: who, Phone: "13800000000", Department: "Lab"})
		}
		if err == nil && who == "Tech" {
			u, err = svc.GrantBootstrap(ctx, u.ID, desk.RoleTechnician)
		}
		if err != nil {
			t.Fatal(err)
		}
		people[who] = u
	}
	c, _ := store.Catalog(ctx)
	for _, title := range []string{"Old leak", "Newer lamp"} {
		r := desk.Report{Location: desk.Location{Zone: c.Zones[0].Name, Building: c.Zones[0].Buildings[0]},
			ProblemType: c.ProblemTypes[0], Title: title, Description: "Broken", Contact: "13800000000"}
		report := svc.Report
		if title == "Newer lamp" {
			report = func(ctx context.Context, u *desk.User, r desk.Report) (*desk.Ticket, error) {
				return svc.ReportUrgent(ctx, u, r, "", "Sparks")
			}
		}
		if _, err := report(ctx, people["Req"], r); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
	}
	dg, err := svc.DailyDigest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if text := notice.DigestMessage(dg).Text; strings.Contains(text, "Old leak") || strings.Contains(text, "review") {
		t.Fatalf("a digest before anything is overdue lists:\n%s", text)
	}
	now = now.Add(48 * time.Hour)
	r := desk.Report{Location: desk.Location{Zone: c.Zones[0].Name, Building: c.Zones[0].Buildings[0]},
		ProblemType: c.ProblemTypes[0], Title: "Loose tile", Description: "Broken", Contact: "13800000000"}
	if _, err := svc.Report(ctx, people["Req"], r); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Claim(ctx, people["Tech"], "1003"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RequestSuspension(ctx, people["Tech"], "1003", "Tiles on order", nil); err != nil {
		t.Fatal(err)
	}
	if dg, err = svc.DailyDigest(ctx); err != nil {
		t.Fatal(err)
	}
	text := notice.DigestMessage(dg).Text
	// The urgent one comes first, tagged.
	old, urgent := strings.Index(text, "#1001 超 Old leak"), strings.Index(text, "#1002 超 🚨 Newer lamp")
	if dg.OverdueN != 2 || urgent < 0 || old < urgent || !strings.Contains(text, "超时工单 / Overdue tickets (2)") ||
		!strings.Contains(text, "待审核的挂起申请 / Suspensions waiting for review (1)\n#1003 Loose tile · Tech") {
		t.Fatalf("digest with two overdue tickets and a request waiting:\n%s", text)
	}
}

// The digest says each figure of the day beside the week before's, in
// both languages, and a long list ends with how many more there are.
func TestDigestMessage(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	var late []*desk.Ticket
	for i := range desk.MaxDigestListed {
		late = append(late, &desk.Ticket{ID: strconv.Itoa(1001 + i), State: desk.Pending, Report: desk.Report{Title: "Leak", Location: desk.Location{Building: "A1"}}})
	}
	dg := desk.Digest{
		Day: desk.DayFigures{Date: time.Date(2026, 11, 9, 0, 0, 0, 0, shanghai), Opened: 4, Closed: 3, Backlog: 5,
			ToClaim: 75 * time.Minute, Claimed: 2, Overdue: 1, Rated: 1, AvgStars: 3},
		WeekBefore: desk.DayFigures{Date: time.Date(2026, 11, 2, 0, 0, 0, 0, shanghai), Opened: 4, Closed: 5, Backlog: 1},
		Overdue:    late, OverdueN: desk.MaxDigestListed + 3, Live: 20,
	}
	text := notice.DigestMessage(dg).Text
	for _, want := range []string{
		"📊 每日摘要 · 昨日 周一 11/9（括号内为上周同日 周一 11/2）",
		"新报修 4（4）· 办结 3（5）· 日终未完成 5（1）",
		"接单等待中位 1小时15分（-）· 曾超时 1（0）",
		"评价 1 条，平均 3.0 星（0 条，- 星）",
		"📊 Daily digest · yesterday, Mon 11/9 (in brackets: Mon 11/2, a week before)",
		"Reported 4 (4) · closed 3 (5) · open at day's end 5 (1)",
		"Median wait until claimed 1h 15m (-) · became overdue 1 (0)",
		"Ratings 1, average 3.0 (0, -)",
		"超时工单 / Overdue tickets (13)\n#1001 超 Leak · A1",
		"#1010 超 Leak · A1\n……另有 3 单 / … and 3 more",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the digest lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "review") {
		t.Errorf("an empty list of requests is shown:\n%s", text)
	}
}
