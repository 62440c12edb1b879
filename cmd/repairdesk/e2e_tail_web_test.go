package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// webEntry is a message of the web chat as its page gets it.
type webEntry struct {
	ID     string `json:"id"`
	From   string `json:"from"`
	Text   string `json:"text"`
	Phones []string
	Photos []string `json:"photos"` // ids, served at /photo/<id>
	Rows   []struct {
		Buttons []struct{ Label, Token string } `json:"buttons"`
	} `json:"rows"`
	// File is a file to download from the message's link.
	File *struct{ Name, Ref string } `json:"file"`
}

// webPerson is one of the web chat's demo people, driven through the
// page's own API.
type webPerson struct {
	t        *testing.T
	d        *running
	key      string // "sam"
	fullName string
}

var _ person = (*webPerson)(nil)

func (p *webPerson) name() string { return p.fullName }

// chat returns the desk's messages in a chat the person sees: their own
// ("") or a group's ("web:dispatch").
func (p *webPerson) chat(chat string) []webEntry {
	p.t.Helper()
	if chat == "" {
		chat = "web:" + p.key
	}
	res, err := http.Get("http://" + p.d.addr + "/api/history?person=" + url.QueryEscape(p.key))
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	var snap struct{ Chats map[string][]webEntry }
	if err := json.NewDecoder(res.Body).Decode(&snap); err != nil {
		p.t.Fatal(err)
	}
	var out []webEntry
	for _, e := range snap.Chats[chat] {
		if e.From == "" {
			out = append(out, e)
		}
	}
	return out
}

func (p *webPerson) seen() int { return len(p.chat("")) }

func (p *webPerson) transcript() string {
	var b strings.Builder
	for _, e := range p.chat("") {
		b.WriteString(e.Text + "\n")
	}
	return b.String()
}

// find returns the newest message of chat that holds want, or false.
func (p *webPerson) find(chat string, after int, want ...string) (webEntry, bool) {
	es := p.chat(chat)
	for i := len(es) - 1; i >= after && i >= 0; i-- {
		if contains(es[i].Text, want...) {
			return es[i], true
		}
	}
	return webEntry{}, false
}

func (p *webPerson) expect(after int, want ...string) {
	p.t.Helper()
	waitUntil(p.t, fmt.Sprintf("%s to be told %q", p.name(), want), func() bool {
		_, ok := p.find("", after, want...)
		return ok
	}, p.transcript)
}

func (p *webPerson) send(req map[string]string) {
	p.t.Helper()
	req["person"] = p.key
	body, _ := json.Marshal(req)
	res, err := http.Post("http://"+p.d.addr+"/api/send", "application/json", bytes.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		p.t.Fatalf("%s: send %v: status %d", p.name(), req, res.StatusCode)
	}
}

func (p *webPerson) do(req map[string]string, want ...string) {
	p.t.Helper()
	n := p.seen()
	p.send(req)
	p.expect(n, want...)
}

func (p *webPerson) say(text string, want ...string) {
	p.t.Helper()
	p.do(map[string]string{"kind": "text", "text": text}, want...)
}

func (p *webPerson) command(cmd string, want ...string) {
	p.t.Helper()
	p.say("/"+cmd, want...)
}

func (p *webPerson) press(label string, want ...string) {
	p.t.Helper()
	p.pressChat("", label, want...)
}

func (p *webPerson) pressIn(g group, label string, want ...string) {
	p.t.Helper()
	p.pressChat(webGroup(g), label, want...)
}

func (p *webPerson) pressChat(chat, label string, want ...string) {
	p.t.Helper()
	id, token := p.button(chat, label)
	req := map[string]string{"kind": "button", "token": token, "messageId": id}
	if chat != "" {
		req["chat"] = chat
	}
	p.do(req, want...)
}

// button finds the newest button with label in chat: its message and token.
func (p *webPerson) button(chat, label string) (id, token string) {
	p.t.Helper()
	es := p.chat(chat)
	for i := len(es) - 1; i >= 0; i-- {
		for _, r := range es[i].Rows {
			for _, b := range r.Buttons {
				if b.Label == label && b.Token != "" {
					return es[i].ID, b.Token
				}
			}
		}
	}
	p.t.Fatalf("%s: no button %q in %q:\n%s", p.name(), label, chat, p.transcript())
	return "", ""
}

func (p *webPerson) grab(g group, label string) func(by person, want ...string) {
	p.t.Helper()
	id, token := p.button(webGroup(g), label)
	return func(by person, want ...string) {
		other := by.(*webPerson)
		other.do(map[string]string{"kind": "button", "token": token, "messageId": id, "chat": webGroup(g)}, want...)
	}
}

func (p *webPerson) sendPhoto([]byte, ...string) { p.t.Fatal("the web tests send no photos") }

// sharePhone shares the demo person's own phone, as the page's button does.
func (p *webPerson) sharePhone(_ string, want ...string) {
	p.t.Helper()
	p.do(map[string]string{"kind": "contact"}, want...)
}

func webGroup(g group) string {
	if g == dispatch {
		return "web:dispatch"
	}
	return "web:supervisors"
}

// TestWebChatTimersEndToEnd runs the desk with the web chat alone and a
// clock the test moves, and checks what its page shows: FAQ search and the
// suggestion while a fault is described, the limit of reports an hour,
// the 超 and 催 tags, and urging once the wait is over with the
// maintenance centre's phone, which the page makes a tel: link of.
func TestWebChatTimersEndToEnd(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	clock := newTestClock(t, env, time.Date(2026, 3, 2, 7, 0, 0, 0, shanghai))
	d := startDesk(t, env)
	sam := &webPerson{t, d, "sam", "Sam Lee"}
	alex := &webPerson{t, d, "alex", "Alex Admin"}
	const phone = "13800000003"

	sam.command("faq wifi", "Here is what the FAQ says:", "Cannot connect to campus Wi-Fi")
	for _, step := range settingSteps(alex, "reportsPerHour", "1") {
		step()
	}
	sam.command("report", "Which zone?")
	sam.press("A区 North", "which building?")
	sam.press("A1 教学楼 Teaching", "Which room?")
	sam.press("Skip", "Detailed address?")
	sam.press("Skip", "What kind of problem?")
	sam.press("电气 Electrical", "title")
	sam.say("No power", "Describe the fault")
	sam.say("The breaker keeps tripping in room 101.", "These answers might already help:", "Power out in a room")
	sam.press("Report anyway", "photos")
	sam.press("Skip", "When would you like the repair?")
	sam.press("Any time", "Contact phone?")
	sam.press("Use "+phone, "Please check your report")
	sam.press("✅ Submit", "Submitted, waiting for a technician", "#1001")
	sam.command("report", "You can report at most 1 faults an hour; please try again in 1h")
	sam.press("Details", "#1001 No power", "You can urge it in 2h")

	clock.set(time.Date(2026, 3, 2, 9, 1, 0, 0, shanghai))
	waitUntil(t, "the overdue post in the dispatch pane", func() bool {
		_, ok := sam.find("web:dispatch", 0, "[Overdue] #1001 has waited 2h 1m")
		return ok
	}, sam.transcript)
	sam.command("mine", "#1001 【超】[Pending] No power")
	sam.press("#1001", "You can urge it now. Maintenance centre: 020-0000-0000")
	sam.press("⏰ Urge", "#1001 was urged; the supervisors have been told. Maintenance centre: 020-0000-0000")
	for _, text := range []string{"You can urge it now.", "was urged"} {
		if e, _ := sam.find("", 0, text); len(e.Phones) != 1 || e.Phones[0] != "020-0000-0000" {
			t.Errorf("the page is not told to link the centre's phone in %q: %v", e.Text, e.Phones)
		}
	}
	sam.command("mine", "#1001 【超催】[Pending] No power")
	sam.command("report", "Which zone?") // the hour is over
}
