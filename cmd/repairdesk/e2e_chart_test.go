package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/chart"
)

// TestWeeklyChart: with the chart's time set to the start of the week,
// the scheduler posts the weekly chart to both supervisors' channels once
// the desk has a ticket; a supervisor on Telegram and one on Slack ask
// for it and get it as pictures in their private chat.
func TestWeeklyChart(t *testing.T) {
	t.Parallel() // each runs its own program, and mostly waits on it
	tgSrv := telegramtestServer(t)
	slSrv := newFakeSlack(t)
	tg := tgPeople(t, tgSrv)
	root, alice, sue := tg(900, "Root"), tg(101, "Alice"), tg(301, "Sue")
	boss := slackPerson(t, slSrv, "U0BOSS", "Boss")
	env := bothEnv(tgSrv, slSrv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	startDesk(t, env)

	for _, p := range []*tgPerson{root, alice, sue} {
		register(p, p.phone(), "Campus")
	}
	register(boss, "13900000009", "Works")
	grant(root, sue.account(), "+ Supervisor")
	grant(root, boss.account(), "+ Supervisor")
	// Due from Monday midnight: due now, whatever day the test runs.
	root.command("admin", "Administration:")
	root.press("Settings", "Which setting?")
	root.press("chartAt", "chartAt is mon 09:00")
	root.say("mon 00:00", "Saved: chartAt = mon 00:00")

	// A desk without tickets gets no weekly chart; its first ticket
	// brings the week's. It shows the seven days before the day it is
	// due, without today's ticket: the days picture, and the buildings'
	// only if the days before had reports.
	reportLockWithPhoto(alice, alice.phone(), 1001)
	waitUntil(t, "the weekly chart in the Telegram supervisors' group", func() bool {
		return len(chartPhotos(tgSrv.MessagesTo(telegramSupervisors))) > 0
	}, func() string { return tgSrv.Transcript(telegramSupervisors) })
	waitUntil(t, "the weekly chart in the Slack supervisors' channel", func() bool {
		return len(slackUploads(slSrv, slackSupervisors)) > 0
	}, func() string { return slGroups{slSrv}.transcript(supervisors) })
	inGroup, inChannel := chartPhotos(tgSrv.MessagesTo(telegramSupervisors)), slackUploads(slSrv, slackSupervisors)
	checkCharts(t, "telegram-group", inGroup)
	checkCharts(t, "slack-channel", inChannel)

	// On demand, in the supervisor's private chat.
	sue.command("chart", "Week", "1 reported, 0 closed, 1 open.")
	waitUntil(t, "Sue's chart", func() bool { return len(chartPhotos(tgSrv.MessagesTo(sue.user.ID))) == 2 },
		func() string { return tgSrv.Transcript(sue.user.ID) })
	checkCharts(t, "telegram", chartPhotos(tgSrv.MessagesTo(sue.user.ID)))
	dm := fakeslack.DMOf(boss.user.ID)
	boss.command("chart", "Week", "1 reported, 0 closed, 1 open.")
	waitUntil(t, "Boss's chart", func() bool { return len(slackUploads(slSrv, dm)) == 2 }, boss.transcript)
	checkCharts(t, "slack", slackUploads(slSrv, dm))

	// Once a week: the channels got it once.
	if n := len(chartPhotos(tgSrv.MessagesTo(telegramSupervisors))); n != len(inGroup) {
		t.Errorf("%d chart pictures in the Telegram group, want %d (once)", n, len(inGroup))
	}
	if n := len(slackUploads(slSrv, slackSupervisors)); n != len(inChannel) {
		t.Errorf("%d chart pictures in the Slack channel, want %d (once)", n, len(inChannel))
	}
}

// chartPhotos are the PNG photos among a Telegram chat's messages (the
// report's own photo is a JPEG).
func chartPhotos(ms []telegramtest.Message) [][]byte {
	var out [][]byte
	for _, m := range ms {
		if bytes.HasPrefix(m.Photo, []byte("\x89PNG")) {
			out = append(out, m.Photo)
		}
	}
	return out
}

// slackUploads are the PNG files the bot shared in a channel.
func slackUploads(srv *fakeslack.Server, channel string) [][]byte {
	var out [][]byte
	for _, f := range srv.Uploads() {
		if f.Channel == channel && bytes.HasPrefix(f.Data, []byte("\x89PNG")) {
			out = append(out, f.Data)
		}
	}
	return out
}

// checkCharts decodes the two pictures of a weekly chart, checks their
// sizes, and keeps them where REPAIRDESK_ARTIFACTS points.
func checkCharts(t *testing.T, where string, pics [][]byte) {
	t.Helper()
	want := []image.Point{chart.WeekSize, chart.TopSize}
	if len(pics) == 0 || len(pics) > len(want) {
		t.Fatalf("%s: %d pictures, want 1 or 2", where, len(pics))
	}
	for i, data := range pics {
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: picture %d: %v", where, i, err)
		}
		if got := img.Bounds().Size(); got != want[i] {
			t.Errorf("%s: picture %d is %v, want %v", where, i, got, want[i])
		}
		if dir := os.Getenv("REPAIRDESK_ARTIFACTS"); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err == nil {
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("chart-%s-%d.png", where, i+1)), data, 0o644)
			}
		}
	}
}
