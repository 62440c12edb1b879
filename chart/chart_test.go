package chart_test

import (
	"bytes"
	"image"
	"image/png"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/chart"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
)

// sampleWeek is a busy week of a desk in Shanghai.
func sampleWeek() desk.Week {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	w := desk.Week{Total: 60}
	opened := []int{5, 8, 3, 6, 9, 2, 1}
	closed := []int{3, 6, 5, 4, 7, 3, 2}
	backlog := []int{7, 9, 7, 9, 11, 10, 9}
	for i := range opened {
		w.Days = append(w.Days, desk.Day{Date: time.Date(2026, 3, 2+i, 0, 0, 0, 0, loc),
			Opened: opened[i], Closed: closed[i], Backlog: backlog[i], OnHold: i % 3,
			Claimed: i, ClaimMedian: time.Duration(i) * 50 * time.Minute})
	}
	w.Buildings = []desk.Count{{Name: "A1 教学楼 Teaching", N: 9}, {Name: "B1 宿舍 Dorm 1", N: 7}, {Name: "A2 图书馆 Library", N: 6},
		{Name: "C1 体育馆 Gym", N: 5}, {Name: "B3 食堂 Canteen", N: 3}, {Name: "A3 实验楼 Labs", N: 2}}
	w.Problems = []desk.Count{{Name: "水电 Plumbing", N: 12}, {Name: "门窗 Doors & windows", N: 10}, {Name: "电气 Electrical", N: 8}}
	return w
}

// withChineseFont returns a painter with the machine's Chinese font. CI
// installs one (REPAIRDESK_REQUIRE_CJK_FONT); elsewhere the test skips
// without it.
func withChineseFont(t *testing.T) *chart.Painter {
	var log bytes.Buffer
	p := chart.New(slog.New(slog.NewTextHandler(&log, nil)))
	if p.Lang(i18n.Zh) != i18n.Zh {
		if os.Getenv("REPAIRDESK_REQUIRE_CJK_FONT") != "" {
			t.Fatalf("no Chinese font found, and this run requires one:\n%s", log.String())
		}
		t.Skipf("no Chinese font on this machine (apt-get install fonts-wqy-microhei):\n%s", log.String())
	}
	return p
}

// decode checks that a picture is a PNG of the given size.
func decode(t *testing.T, pic chart.Picture, want image.Point) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(pic.PNG))
	if err != nil {
		t.Fatalf("%s: %v", pic.Name, err)
	}
	if got := img.Bounds().Size(); got != want {
		t.Fatalf("%s is %v, want %v", pic.Name, got, want)
	}
}

func TestWeekPictures(t *testing.T) {
	for _, tc := range []struct {
		name    string
		painter func(t *testing.T) *chart.Painter
		lang    string
	}{
		{"chinese", withChineseFont, i18n.Zh},
		{"english-with-the-chinese-font", withChineseFont, i18n.En},
		{"english-without-it", func(*testing.T) *chart.Painter { return chart.New(nil, "/nowhere/no-font.ttc") }, i18n.En},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pics, err := tc.painter(t).Week(sampleWeek(), tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			if len(pics) != 2 {
				t.Fatalf("%d pictures, want 2", len(pics))
			}
			decode(t, pics[0], chart.WeekSize)
			decode(t, pics[1], chart.TopSize)
			if dir := os.Getenv("REPAIRDESK_ARTIFACTS"); dir != "" {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for _, p := range pics {
					if err := os.WriteFile(filepath.Join(dir, "chart-"+tc.name+"-"+p.Name), p.PNG, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		})
	}
}

// Without a Chinese font, a picture asked for in Chinese is drawn in
// English, and the log says why and what to install.
func TestChineseWithoutAFont(t *testing.T) {
	var log bytes.Buffer
	p := chart.New(slog.New(slog.NewTextHandler(&log, nil)), "/nowhere/no-font.ttc", os.Args[0])
	if got := p.Lang(i18n.Zh); got != i18n.En {
		t.Fatalf("Lang(zh) = %s without a font, want en", got)
	}
	if !strings.Contains(log.String(), "fonts-wqy-microhei") {
		t.Errorf("the log does not say what to install:\n%s", log.String())
	}
	pics, err := p.Week(sampleWeek(), i18n.Zh)
	if err != nil {
		t.Fatal(err)
	}
	decode(t, pics[0], chart.WeekSize)
}

// A week with no report has nothing to rank: only the days are drawn.
func TestQuietWeek(t *testing.T) {
	w := sampleWeek()
	w.Buildings, w.Problems = nil, nil
	for i := range w.Days {
		w.Days[i] = desk.Day{Date: w.Days[i].Date, Backlog: 2}
	}
	pics, err := chart.New(nil).Week(w, i18n.En)
	if err != nil {
		t.Fatal(err)
	}
	if len(pics) != 1 {
		t.Fatalf("%d pictures, want only the days", len(pics))
	}
	decode(t, pics[0], chart.WeekSize)
}
