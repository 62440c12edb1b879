package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/desk"
)

// exportHistory has req report #first and #first+1, and cancel the
// second, which the scheduler then archives: today's export must hold a
// live ticket and an archived one. archived tells when the second is in
// the history.
func exportHistory(t *testing.T, req person, phone string, first int, archived func(ref string) bool) {
	t.Helper()
	report := func(title string, number int) {
		req.command("report", "Which zone?")
		req.press("A区 North", "which building?")
		req.press("A1 教学楼 Teaching", "Which room?")
		req.press("Skip", "Detailed address?")
		req.press("Skip", "What kind of problem?")
		req.press("门窗 Doors & windows", "title")
		req.say(title, "Describe the fault")
		req.say(title+", since this morning.", "photos")
		req.press("Skip", "When would you like the repair?")
		req.press("Any time", "Contact phone?") // at any hour the test runs
		req.press("Use "+phone, "Please check your report")
		req.press("✅ Submit", "Submitted, waiting for a technician", fmt.Sprintf("#%d", number))
	}
	report("Door lock broken", first)
	report("Window stuck", first+1)
	ref := fmt.Sprintf("#%d", first+1)
	req.command("mine pending", ref)
	req.press(ref, "Window stuck")
	req.press("✖ Cancel", "Why do you want to cancel it?")
	req.say("It opens again.", "Cancel "+ref+"?")
	req.press("Yes, cancel it", ref+" was cancelled")
	waitUntil(t, ref+" to be archived", func() bool { return archived(ref) }, func() string { return "" })
}

// readExport parses an export as a spreadsheet would: a byte order mark,
// then CSV with the export's header, one row per ticket by number. The
// file is kept where REPAIRDESK_ARTIFACTS points.
func readExport(t *testing.T, where string, data []byte) map[string][]string {
	t.Helper()
	if dir := os.Getenv("REPAIRDESK_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			os.WriteFile(filepath.Join(dir, "export-"+where+".csv"), data, 0o644)
		}
	}
	body, ok := bytes.CutPrefix(data, []byte("\ufeff"))
	if !ok {
		t.Fatalf("%s: the export has no byte order mark:\n%s", where, data)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%s: the export is not CSV: %v\n%s", where, err, data)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(desk.ExportHeader, ",") {
		t.Fatalf("%s: the export's header is %v", where, rows)
	}
	out := map[string][]string{}
	for _, r := range rows[1:] {
		out[r[0]] = r
	}
	return out
}

// checkExport checks the rows of today's export: the pending ticket and
// the cancelled one, from the history, and nothing else.
func checkExport(t *testing.T, where string, rows map[string][]string, first int, requester string) {
	t.Helper()
	live, archived := rows[fmt.Sprint(first)], rows[fmt.Sprint(first+1)]
	if len(rows) != 2 || live == nil || archived == nil {
		t.Fatalf("%s: the export holds %d tickets, want #%d and #%d: %v", where, len(rows), first, first+1, rows)
	}
	if live[1] != "pending" || live[7] != "Door lock broken" || live[9] != requester || live[3] != "A1 教学楼 Teaching" {
		t.Errorf("%s: the live ticket's row: %v", where, live)
	}
	if archived[1] != "cancelled" || archived[7] != "Window stuck" || archived[21] != "It opens again." || archived[22] == "" {
		t.Errorf("%s: the archived ticket's row: %v", where, archived)
	}
}

// today is the desk's date now, in its time zone.
func today() string { return time.Now().In(shanghai).Format(time.DateOnly) }

// TestExportInChat: a supervisor on Telegram and one on Slack press the
// CSV button under today's report and get the day's tickets as a file in
// their private chat, a cancelled and archived ticket among them; a
// requester's forged press, on either platform, gets a refusal and no
// file.
func TestExportInChat(t *testing.T) {
	t.Parallel()
	tgSrv := telegramtestServer(t)
	slSrv := newFakeSlack(t)
	tg := tgPeople(t, tgSrv)
	root, alice, sue := tg(900, "Root"), tg(101, "Alice"), tg(301, "Sue")
	boss := slackPerson(t, slSrv, "U0BOSS", "Boss")
	ann := slackPerson(t, slSrv, "U0ANN", "Ann")
	env := bothEnv(tgSrv, slSrv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	startDesk(t, env)

	for _, p := range []*tgPerson{root, alice, sue} {
		register(p, p.phone(), "Campus")
	}
	register(boss, "13900000009", "Works")
	register(ann, "13900000010", "Library")
	grant(root, sue.account(), "+ Supervisor")
	grant(root, boss.account(), "+ Supervisor")
	exportHistory(t, alice, alice.phone(), 1001, func(ref string) bool {
		// A forged urge on the ticket: refused, and once it is in the
		// history, refused as such.
		n := alice.seen()
		ms := tgSrv.MessagesTo(alice.user.ID)
		tgSrv.Press(alice.user, ms[len(ms)-1], "t:urge:"+ref[1:])
		waitUntil(t, "an answer to the forged urge", func() bool { return alice.seen() > n }, func() string { return tgSrv.Transcript(alice.user.ID) })
		ms = tgSrv.MessagesTo(alice.user.ID)
		return strings.Contains(ms[len(ms)-1].Body(), "is in the history")
	})

	// Telegram: the file comes as a document after the words.
	sue.command("stats", "Report · Today", "Reported: 2")
	sue.press("⬇ CSV", "📎 The tickets reported from "+today()+" to "+today())
	var doc telegramtest.Message
	waitUntil(t, "Sue's export", func() bool {
		for _, m := range tgSrv.MessagesTo(sue.user.ID) {
			if m.DocumentName != "" {
				doc = m
				return true
			}
		}
		return false
	}, func() string { return tgSrv.Transcript(sue.user.ID) })
	if doc.DocumentName != "tickets-"+today()+".csv" {
		t.Errorf("the document is named %q", doc.DocumentName)
	}
	checkExport(t, "telegram", readExport(t, "telegram", doc.Document), 1001, "Alice")

	// Slack: the file is uploaded into the DM.
	dm := fakeslack.DMOf(boss.user.ID)
	boss.command("stats", "Report · Today", "Reported: 2")
	boss.press("⬇ CSV", "📎 The tickets reported from "+today()+" to "+today())
	var file fakeslack.File
	waitUntil(t, "Boss's export", func() bool {
		for _, f := range slSrv.Uploads() {
			if f.Channel == dm && strings.HasSuffix(f.Name, ".csv") {
				file = f
				return true
			}
		}
		return false
	}, boss.transcript)
	if file.Name != "tickets-"+today()+".csv" {
		t.Errorf("the Slack file is named %q", file.Name)
	}
	checkExport(t, "slack", readExport(t, "slack", file.Data), 1001, "Alice")

	// A requester's forged press, on each platform: refused, no file.
	token := "m:export:" + today() + " " + today()
	n := alice.seen()
	ms := tgSrv.MessagesTo(alice.user.ID)
	tgSrv.Press(alice.user, ms[len(ms)-1], token)
	alice.expect(n, "You are not allowed to do that.")
	annDM := fakeslack.DMOf(ann.user.ID)
	n = ann.seen()
	last := slSrv.BotMessagesTo(ann.user.ID)
	slSrv.PressValue(ann.user.ID, annDM, last[len(last)-1].TS, token)
	ann.expect(n, "You are not allowed to do that.")
	time.Sleep(time.Second) // a file would follow the words at once
	for _, m := range tgSrv.MessagesTo(alice.user.ID) {
		if m.DocumentName != "" {
			t.Errorf("a requester got a document on Telegram: %s", m.DocumentName)
		}
	}
	for _, f := range slSrv.Uploads() {
		if f.Channel == annDM {
			t.Errorf("a requester got a file on Slack: %s", f.Name)
		}
	}
}

// TestWebChatExport: the supervisor of the web chat presses the CSV
// button and downloads the file from its link; a requester's forged
// press, or the link typed for them, gets nothing.
func TestWebChatExport(t *testing.T) {
	t.Parallel()
	d := startDesk(t, map[string]string{})
	sam := &webPerson{t, d, "sam", "Sam Lee"}
	chen := &webPerson{t, d, "chen", "陈主管"}
	xiaoming := &webPerson{t, d, "xiaoming", "王小明"}
	exportHistory(t, sam, "13800000003", 1001, func(ref string) bool {
		n := sam.seen()
		sam.send(map[string]string{"kind": "button", "token": "t:urge:" + ref[1:]})
		waitUntil(t, "an answer to the forged urge", func() bool { return sam.seen() > n }, sam.transcript)
		_, ok := sam.find("", n, "is in the history")
		return ok
	})

	chen.command("stats", "报表 · 今天", "新报修 2 单")
	chen.press("⬇ CSV", "📎 "+today()+" 至 "+today()+" 报修的工单")
	e, _ := chen.find("", 0, "📎")
	if e.File == nil || e.File.Name != "tickets-"+today()+".csv" {
		t.Fatalf("the answer carries no file to download: %+v", e)
	}
	link := "/file?" + url.Values{"person": {"chen"}, "name": {e.File.Name}, "ref": {e.File.Ref}}.Encode()
	res, err := http.Get("http://" + d.addr + link)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("the download: %d, %v\n%s", res.StatusCode, res.Header, data)
	}
	checkExport(t, "web", readExport(t, "web", data), 1001, "Sam Lee")

	// The requester: the forged press is refused with no file, and the
	// link typed for them gets no CSV.
	n := xiaoming.seen()
	xiaoming.send(map[string]string{"kind": "button", "token": "m:export:" + today() + " " + today()})
	xiaoming.expect(n, "您没有权限进行此操作。")
	for _, e := range xiaoming.chat("") {
		if e.File != nil {
			t.Errorf("the requester was offered a file: %+v", e)
		}
	}
	forged := "/file?" + url.Values{"person": {"xiaoming"}, "name": {e.File.Name}, "ref": {e.File.Ref}}.Encode()
	if code, body := d.webGet(t, forged); code != http.StatusForbidden || strings.Contains(body, "Door lock broken") {
		t.Errorf("the requester's download: %d\n%s", code, body)
	}
}
