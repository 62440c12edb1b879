package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
)

// Each platform's desk for TestDeskButtonsEndToEnd, started on
// deskHistory: its supervisor and requester, and how to see their
// pictures and files and forge a press there.

func telegramDesk(t *testing.T) deskCase {
	srv := telegramtestServer(t)
	sue := &tgPerson{t, srv, tgUser(301, "Sue")}
	alice := &tgPerson{t, srv, tgUser(101, "Alice")}
	dir := t.TempDir()
	seedDeskHistory(t, dir, account{alice.account(), "Alice", alice.phone(), "en"},
		account{"telegram:102", "Bob", "13800000102", "en"}, account{sue.account(), "Sue", sue.phone(), "en"})
	env := telegramEnv(srv)
	env["WEB_CHAT"] = "false"
	newTestClock(t, env, deskNow)
	startDeskIn(t, env, dir)
	return deskCase{sup: sue, req: alice, words: englishDesk,
		pictures: func(p person) [][]byte { return chartPhotos(srv.MessagesTo(p.(*tgPerson).user.ID)) },
		forge: func(token string) {
			ms := srv.MessagesTo(alice.user.ID)
			srv.Press(alice.user, ms[len(ms)-1], token)
		},
		// Telegram's apps spin the pressed button until the press is
		// answered; the desk has no other presses to answer here.
		answered: func(presses int) {
			waitUntil(t, fmt.Sprintf("answers to the %d presses", presses), func() bool { return len(srv.Answers()) == presses },
				func() string { return fmt.Sprint(srv.Answers()) })
		},
		export: func() (string, []byte) {
			ms := srv.MessagesTo(sue.user.ID)
			for i := len(ms) - 1; i >= 0; i-- {
				if ms[i].DocumentName != "" {
					return ms[i].DocumentName, ms[i].Document
				}
			}
			return "", nil
		}}
}

func slackDesk(t *testing.T) deskCase {
	srv := newFakeSlack(t)
	boss := slackPerson(t, srv, "U0BOSS", "Boss")
	ann := slackPerson(t, srv, "U0ANN", "Ann")
	bob := slackPerson(t, srv, "U0BOB", "Bob")
	dir := t.TempDir()
	seedDeskHistory(t, dir, account{ann.account(), "Ann", "13900000010", "en"},
		account{bob.account(), "Bob", "13900000011", "en"}, account{boss.account(), "Boss", "13900000009", "en"})
	env := slackEnv(srv)
	env["WEB_CHAT"] = "false"
	newTestClock(t, env, deskNow)
	startDeskIn(t, env, dir)
	return deskCase{sup: boss, req: ann, words: englishDesk,
		pictures: func(p person) [][]byte { return slackUploads(srv, fakeslack.DMOf(p.(*slPerson).user.ID)) },
		forge: func(token string) {
			ms := srv.BotMessagesTo(ann.user.ID)
			srv.PressValue(ann.user.ID, fakeslack.DMOf(ann.user.ID), ms[len(ms)-1].TS, token)
		},
		export: func() (string, []byte) {
			fs := srv.Uploads()
			for i := len(fs) - 1; i >= 0; i-- {
				if fs[i].Channel == fakeslack.DMOf(boss.user.ID) && strings.HasSuffix(fs[i].Name, ".csv") {
					return fs[i].Name, fs[i].Data
				}
			}
			return "", nil
		}}
}

// webDesk: the demo desk, in Chinese: its supervisor 陈主管 and its
// requester 王小明, whose accounts the desk finds registered at start.
func webDesk(t *testing.T) deskCase {
	dir := t.TempDir()
	seedDeskHistory(t, dir, account{"web:xiaoming", "王小明", "13800000001", "zh"},
		account{"web:sam", "Sam Lee", "13800000003", "en"})
	env := map[string]string{}
	newTestClock(t, env, deskNow)
	d := startDeskIn(t, env, dir)
	chen := &webPerson{t, d, "chen", "陈主管"}
	xiaoming := &webPerson{t, d, "xiaoming", "王小明"}
	return deskCase{sup: chen, req: xiaoming, words: chineseDesk,
		pictures: func(p person) [][]byte { return webPictures(t, p.(*webPerson)) },
		forge: func(token string) {
			es := xiaoming.chat("")
			xiaoming.send(map[string]string{"kind": "button", "token": token, "messageId": es[len(es)-1].ID})
		},
		export: func() (string, []byte) {
			e, ok := chen.find("", 0, "📎")
			if !ok || e.File == nil {
				return "", nil
			}
			code, body := d.webGet(t, "/file?"+url.Values{"person": {"chen"}, "name": {e.File.Name}, "ref": {e.File.Ref}}.Encode())
			if code != http.StatusOK {
				t.Fatalf("the download of %s: %d\n%s", e.File.Name, code, body)
			}
			return e.File.Name, []byte(body)
		}}
}

// webPictures fetches the PNG pictures among the photos of a web chat
// person's messages, as the page shows them.
func webPictures(t *testing.T, p *webPerson) [][]byte {
	var out [][]byte
	for _, e := range p.chat("") {
		for _, id := range e.Photos {
			res, err := http.Get("http://" + p.d.addr + "/photo/" + id)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK && bytes.HasPrefix(data, []byte("\x89PNG")) {
				out = append(out, data)
			}
		}
	}
	return out
}
