package main

import (
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
)

// The tests here kill the desk (SIGKILL) while it is handling an input,
// as a crash or a power cut would, and start it again on the same data:
// the input must be answered after the restart, and act once.

// A Submit whose answer was on its way when the desk died is answered
// after the restart with the ticket's number, and opens one ticket.
func TestSubmitAnsweredAfterCrash(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	alice := &tgPerson{t, srv, tgUser(101, "Alice")}
	env := telegramEnv(srv)
	env["WEB_CHAT"] = "false"
	dir := t.TempDir()
	desk := startDeskIn(t, env, dir)
	register(alice, alice.phone(), "Campus")
	reportUpToPhotos(alice)
	alice.press("Skip", "When would you like the repair?")
	alice.press("Any time", "Contact phone?")
	alice.press("Use "+alice.phone(), "Please check your report")

	// Telegram stops answering the desk's messages to Alice: the answer
	// to her Submit hangs, and the desk dies while it waits.
	srv.Hang("sendMessage", alice.user.ID)
	m, b := alice.find(alice.user.ID, "✅ Submit")
	seen := alice.seen()
	srv.Press(alice.user, m, b.Data)
	waitUntil(t, "the answer to Submit to be on its way", func() bool { return srv.Hanging() > 0 },
		func() string { return srv.Transcript(alice.user.ID) })
	desk.kill(t)
	srv.Unhang()

	startDeskIn(t, env, dir)
	alice.expect(seen, "Submitted, waiting for a technician", "#1001")
	alice.command("mine", "#1001")
	if got := srv.Transcript(alice.user.ID); strings.Contains(got, "#1002") {
		t.Errorf("a second ticket was opened:\n%s", got)
	}
}

// A photo whose download a crash cut short is downloaded again after the
// restart and joins the report.
func TestPhotoTakenAfterCrash(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	alice := &tgPerson{t, srv, tgUser(102, "Alice")}
	env := telegramEnv(srv)
	env["WEB_CHAT"] = "false"
	dir := t.TempDir()
	desk := startDeskIn(t, env, dir)
	register(alice, alice.phone(), "Campus")
	reportUpToPhotos(alice)

	srv.Hang("getFile", 0)
	seen := alice.seen()
	srv.SendPhoto(alice.user, alice.chat(), []byte("\xff\xd8\xff\xe0 lock photo"), "")
	waitUntil(t, "the photo's download to be under way", func() bool { return srv.Hanging() > 0 },
		func() string { return srv.Transcript(alice.user.ID) })
	desk.kill(t)
	srv.Unhang()

	startDeskIn(t, env, dir)
	alice.expect(seen, "Got 1 photo")
	alice.press("Done", "When would you like the repair?")
	alice.press("Any time", "Contact phone?")
	alice.press("Use "+alice.phone(), "Please check your report", "Photos")
}

// A Slack message whose answer was on its way when the desk died is
// answered after the restart.
func TestSlackMessageAnsweredAfterCrash(t *testing.T) {
	t.Parallel()
	srv := newFakeSlack(t)
	alice := slackPerson(t, srv, "U0ALICE", "Alice")
	env := slackEnv(srv)
	env["WEB_CHAT"] = "false"
	dir := t.TempDir()
	desk := startDeskIn(t, env, dir)
	alice.command("start", "name?")
	alice.press(alice.name(), "phone")
	alice.sharePhone("13900000001", "department")

	srv.Hang("chat.postMessage", fakeslack.DMOf(alice.user.ID))
	seen := alice.seen()
	srv.SendDM(alice.user.ID, "Campus")
	waitUntil(t, "the answer to be on its way", func() bool { return srv.Hanging() > 0 }, alice.transcript)
	desk.kill(t)
	srv.Unhang()

	startDeskIn(t, env, dir)
	alice.expect(seen, "registered")
}

// reportUpToPhotos starts a report and answers up to the photos.
func reportUpToPhotos(p person) {
	p.command("report", "Which zone?")
	p.press("A区 North", "which building?")
	p.press("A1 教学楼 Teaching", "Which room?")
	p.say("101", "Detailed address?")
	p.press("Skip", "What kind of problem?")
	p.press("门窗 Doors & windows", "title")
	p.say("Door lock broken", "Describe the fault")
	p.say("The lock of room 101 does not close.", "photos")
}
