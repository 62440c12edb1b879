package notice_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/chart"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/talk"
)

// room is a platform's supervisors' channel that records what it got.
type room struct {
	name string
	down bool
	got  []talk.Message
}

func (r *room) Platform() string       { return r.name }
func (r *room) DispatchChat() string   { return "" }
func (r *room) SupervisorChat() string { return r.name + ":supervisors" }
func (r *room) Edit(context.Context, string, string, talk.Message) error {
	return errors.New("charts are not edited")
}

func (r *room) Send(_ context.Context, to talk.Target, m talk.Message) (string, error) {
	if r.down {
		return "", errors.New("chat API down")
	}
	if to.Chat != r.SupervisorChat() {
		return "", errors.New("chart sent to the wrong place")
	}
	r.got = append(r.got, m)
	return "1", nil
}

// painted records the language the pictures were asked in.
type painted struct {
	notice.Painter
	langs []string
}

func (p *painted) Week(w desk.Week, lang string) ([]chart.Picture, error) {
	p.langs = append(p.langs, lang)
	return p.Painter.Week(w, lang)
}

func sampleWeek() desk.Week {
	w := desk.Week{Total: 3}
	for i := range desk.WeekDays {
		w.Days = append(w.Days, desk.Day{Date: time.Date(2026, 3, 2+i, 0, 0, 0, 0, time.UTC), Opened: 1, Backlog: i})
	}
	w.Buildings = []desk.Count{{Name: "A1 教学楼 Teaching", N: 7}}
	w.Problems = []desk.Count{{Name: "电气 Electrical", N: 7}}
	return w
}

// The weekly chart reaches every supervisors' channel as pictures kept in
// the photo store, with a caption in both languages; when one platform is
// down the retry reaches only it.
func TestWeeklyChartToEveryChannel(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	f.person("test:sup-en", desk.RoleSupervisor) // English, as person registers
	up, down := &room{name: "up"}, &room{name: "down", down: true}
	paint := &painted{Painter: chart.New(nil)}
	c := &notice.Charts{Svc: f.svc, Paint: paint, Senders: []talk.Sender{up, down}, Seen: f.store}

	if err := c.Send(ctx, "chart:2026-W10", sampleWeek()); err == nil {
		t.Fatal("a chart that missed a platform reported success")
	}
	down.down = false
	for range 2 {
		if err := c.Send(ctx, "chart:2026-W10", sampleWeek()); err != nil {
			t.Fatal(err)
		}
	}
	if len(up.got) != 1 || len(down.got) != 1 {
		t.Fatalf("charts: %d on the platform that was up, %d on the one that was down; want one each", len(up.got), len(down.got))
	}
	m := down.got[0]
	if !strings.Contains(m.Text, "每周统计 3/2 – 3/8") || !strings.Contains(m.Text, "Week 3/2 – 3/8: 7 reported, 0 closed, 6 open.") {
		t.Errorf("caption %q", m.Text)
	}
	if len(m.Photos) != 2 {
		t.Fatalf("%d pictures, want 2", len(m.Photos))
	}
	for _, id := range m.Photos {
		data, mime, err := f.svc.Photo(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil || mime != "image/png" {
			t.Fatalf("photo %s (%s): %v", id, mime, err)
		}
		if s := img.Bounds().Size(); s != chart.WeekSize && s != chart.TopSize {
			t.Errorf("photo %s is %v", id, s)
		}
	}
	if paint.langs[0] != "en" {
		t.Errorf("labels in %s for a channel of English readers", paint.langs[0])
	}
}
