package main

import (
	"fmt"
	"path"
	"strings"
	"testing"
)

// deskWords are what the supervisors' desk says and labels, in the
// language of the people under test.
type deskWords struct {
	periods   [4]string // today, this week, this month, the last 30 days
	report    string    // a report's head: the period and its dates
	reported  string    // its count of tickets reported
	cancelled string    // and of those cancelled
	chart     string    // the Chart button
	week      string    // the chart's words, for the week to deskNow
	found     string    // a page of the search for "lamp"
	next      string
	previous  string
	ownOnly   string
	refused   string
	help      string
	exported  string // the CSV's words, for the last 30 days
}

var englishDesk = deskWords{
	periods: [4]string{"Today", "This week", "This month", "Last 30 days"},
	report:  "📊 Report · %s (%s – %s)", reported: "Reported: %d,", cancelled: "cancelled %d ·",
	chart: "📈 The week as a chart", week: "Week 3/12 – 3/18: 5 reported",
	found: `🔎 "lamp", page %d:`, next: "Next ▶", previous: "◀ Previous",
	ownOnly: "(your own tickets only)", refused: "You are not allowed to do that.",
	help: "Repair desk — what I can do:", exported: "📎 The tickets reported from 2026-02-17 to 2026-03-18",
}

var chineseDesk = deskWords{
	periods: [4]string{"今天", "本周", "本月", "近30天"},
	report:  "📊 报表 · %s（%s ~ %s）", reported: "新报修 %d 单", cancelled: "取消 %d ·",
	chart: "📈 本周统计图", week: "每周统计 3/12 – 3/18：新报修 5",
	found: "🔎「lamp」第 %d 页：", next: "下一页 ▶", previous: "◀ 上一页",
	ownOnly: "（只查找您自己的工单）", refused: "您没有权限进行此操作。",
	help: "在线报修 — 我能帮您：", exported: "📎 2026-02-17 至 2026-03-18 报修的工单",
}

// periodFigures is what the report of one period must say of deskHistory.
type periodFigures struct {
	label         int // index in deskWords.periods
	from, to      string
	reported      int
	cancelled     int
	labs, library bool // the fault of ten days ago, and the one in A2
}

var todayFigures = periodFigures{0, "2026-03-18", "2026-03-18", 2, 0, false, false}

// The order a supervisor presses them in: from /stats's today on, and
// back to today, whose button is then unmarked.
var periodsPressed = []periodFigures{
	{1, "2026-03-16", "2026-03-22", 4, 0, false, false},
	{2, "2026-03-01", "2026-03-31", 7, 0, true, false},
	{3, "2026-02-17", "2026-03-18", 9, 1, true, true},
	todayFigures,
}

// deskCase is one platform's desk, started on deskHistory: a supervisor
// and a requester on it, and what only that platform can tell.
type deskCase struct {
	sup, req person
	words    deskWords
	// pictures are the PNG pictures someone has got so far.
	pictures func(p person) [][]byte
	// forge presses a button with token on the requester's last message,
	// as a forged request to the platform would.
	forge func(token string)
	// export is the CSV file the supervisor got last: its name and bytes.
	export func() (name string, data []byte)
	// answered, where the platform wants every press answered, waits
	// until that many were.
	answered func(presses int)
}

// TestDeskButtonsEndToEnd: on Telegram, Slack and the web chat, a
// supervisor presses every period button under /stats and reads each
// period's figures of a seeded history, presses the Chart button and
// gets the week's pictures, and pages a search of more than one page
// back and forth, opening a ticket from each page; a requester's search
// finds only their own tickets, and their forged presses of the
// supervisor's period and chart buttons get a refusal and nothing else.
func TestDeskButtonsEndToEnd(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		start func(t *testing.T) deskCase
	}{
		{"telegram", telegramDesk},
		{"slack", slackDesk},
		{"web", webDesk},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			deskButtons(t, tc.start(t))
		})
	}
}

// deskButtons is the scenario, the same on every platform. The
// supervisor's steps and the requester's take turns, so that each chat's
// pace runs beside the other's.
func deskButtons(t *testing.T, c deskCase) {
	w := c.words
	report := func(p periodFigures) []string {
		return []string{fmt.Sprintf(w.report, w.periods[p.label], p.from, p.to),
			fmt.Sprintf(w.reported, p.reported), fmt.Sprintf(w.cancelled, p.cancelled)}
	}
	// checkPlaces reads the supervisor's newest report for the places only
	// some periods hold.
	checkPlaces := func(p periodFigures) {
		text := lastTold(c.sup, report(p)...)
		if got := strings.Contains(text, "A3 实验楼 Labs"); got != p.labs {
			t.Errorf("%s: the fault of ten days ago (A3) shown: %v, want %v:\n%s", w.periods[p.label], got, p.labs, text)
		}
		if got := strings.Contains(text, "空调 HVAC"); got != p.labs {
			t.Errorf("%s: its kind of fault (HVAC) shown: %v, want %v:\n%s", w.periods[p.label], got, p.labs, text)
		}
		if got := strings.Contains(text, "A2 图书馆 Library"); got != p.library {
			t.Errorf("%s: the fault in A2 shown: %v, want %v:\n%s", w.periods[p.label], got, p.library, text)
		}
	}

	presses := 0
	press := func(p person, label string, want ...string) {
		t.Helper()
		presses++
		p.press(label, want...)
	}
	sup := []func(){
		func() { c.sup.command("stats", report(todayFigures)...) },
	}
	for _, p := range periodsPressed {
		sup = append(sup, func() {
			press(c.sup, w.periods[p.label], report(p)...)
			checkPlaces(p)
		})
		if p.label == 3 { // the last 30 days: the CSV of a period other than today
			sup = append(sup, func() {
				press(c.sup, "⬇ CSV", w.exported)
				exportShown(t, c, p)
			})
		}
	}
	sup = append(sup,
		func() {
			press(c.sup, w.chart, w.week)
			waitUntil(t, "the week's two pictures", func() bool { return len(c.pictures(c.sup)) == 2 },
				func() string { return strings.Join(bodies(c.sup), "\n") })
			checkCharts(t, "desk-"+path.Base(t.Name()), c.pictures(c.sup))
		},
		// Ten lamps: eight on the first page, newest first; the two
		// cancelled ones, from the history, on the second.
		func() { c.sup.command("find lamp", fmt.Sprintf(w.found, 1), "#1010", "#1003", "Lamp 3") },
		func() { press(c.sup, w.next, fmt.Sprintf(w.found, 2), "#1002", "#1001") },
		func() { press(c.sup, "#1001", "#1001 Lamp 1", "Lamp number 1 flickers.") },
		func() { press(c.sup, w.previous, fmt.Sprintf(w.found, 1), "#1010", "#1003") },
		func() { press(c.sup, "#1005", "#1005 Lamp 5", "A3 实验楼 Labs", "Lamp number 5 flickers.") },
	)

	var forgedFrom int
	req := []func(){
		func() { c.req.command("find lamp", fmt.Sprintf(w.found, 1), w.ownOnly, "#1009", "#1001") },
		func() {
			page := lastTold(c.req, w.ownOnly)
			for _, theirs := range []string{"#1010", "#1008", "#1006", "#1004", "#1002"} {
				if strings.Contains(page, theirs) {
					t.Errorf("the requester found someone else's %s:\n%s", theirs, page)
				}
			}
			if n := len(lines(page, "#10")); n != 5 {
				t.Errorf("the requester found %d tickets, want their own five:\n%s", n, page)
			}
		},
		func() {
			forgedFrom = c.req.seen()
			presses++
			c.forge("m:stats:week")
			c.req.expect(forgedFrom, w.refused)
		},
		func() {
			n := c.req.seen()
			presses++
			c.forge("m:chart:week")
			c.req.expect(n, w.refused)
		},
		// An input after the forged presses: its answer comes after all
		// of theirs, which must be the two refusals alone.
		func() { c.req.command("help", w.help) },
		func() {
			got := bodies(c.req)[forgedFrom:]
			if len(got) != 3 || got[0] != w.refused || got[1] != w.refused || !strings.HasPrefix(got[2], w.help) {
				t.Errorf("the requester's forged presses got more than refusals: %q", got)
			}
			if n := len(c.pictures(c.req)); n != 0 {
				t.Errorf("the requester got %d chart pictures", n)
			}
		},
	}
	interleave(sup, req)
	if c.answered != nil {
		c.answered(presses)
	}
}

// lastTold is the newest message to p that holds every want.
func lastTold(p person, want ...string) string {
	ms := bodies(p)
	for i := len(ms) - 1; i >= 0; i-- {
		if contains(ms[i], want...) {
			return ms[i]
		}
	}
	return ""
}

// exportShown reads the file of the CSV button under the report of the
// last 30 days: it holds that period's tickets, the cancelled one among
// them, and not the one reported before it.
func exportShown(t *testing.T, c deskCase, p periodFigures) {
	t.Helper()
	var name string
	var data []byte
	waitUntil(t, "the export of the last 30 days", func() bool {
		name, data = c.export()
		return name != ""
	}, func() string { return strings.Join(bodies(c.sup), "\n") })
	if want := "tickets-" + p.from + "-" + p.to + ".csv"; name != want {
		t.Errorf("the export is named %q, want %q", name, want)
	}
	rows := readExport(t, "desk-"+path.Base(t.Name()), data)
	if len(rows) != p.reported || rows["1001"] != nil {
		t.Errorf("the export holds %d tickets, want the %d from #1002 on", len(rows), p.reported)
	}
	if r := rows["1002"]; r == nil || r[1] != "cancelled" || r[3] != "A2 图书馆 Library" {
		t.Errorf("the cancelled ticket's row: %v", r)
	}
}
