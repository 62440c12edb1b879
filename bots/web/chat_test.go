package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/web"
	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

func TestSeed(t *testing.T) {
	store := repotest.Open(t)
	svc := desk.NewService(store, store, store, store)
	people := web.DemoPeople()
	for range 2 { // a second start changes nothing
		if err := web.Seed(t.Context(), svc, people); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]struct {
		name, lang string
		role       desk.Role
	}{
		"xiaoming": {"王小明", "zh", desk.RoleRequester},
		"li":       {"李师傅", "zh", desk.RoleTechnician},
		"sam":      {"Sam Lee", "en", desk.RoleTechnician},
		"chen":     {"陈主管", "zh", desk.RoleSupervisor},
		"alex":     {"Alex Admin", "en", desk.RoleAdmin},
	}
	for _, p := range people {
		t.Run(p.Key, func(t *testing.T) {
			w, ok := want[p.Key]
			if !ok {
				t.Fatalf("unexpected demo person %s", p.Key)
			}
			u, err := store.ByAccount(t.Context(), "web:"+p.Key)
			if err != nil {
				t.Fatal(err)
			}
			if !u.Registered || u.Name != w.name || u.Lang != w.lang || u.Phone == "" || u.Department == "" {
				t.Errorf("profile %+v", u)
			}
			if u.Highest() != w.role {
				t.Errorf("role %s, want %s", u.Highest(), w.role)
			}
		})
	}
	staff, err := store.Staff(t.Context())
	if err != nil || len(staff) != 4 {
		t.Errorf("staff after two seeds: %d, %v", len(staff), err)
	}
}

func TestPhotoRoundTrip(t *testing.T) {
	s := newSite(t)
	if r := s.upload("sam", "", pngBytes); r.Status != http.StatusOK {
		t.Fatalf("upload: %+v", r)
	}
	ms := s.messages("sam", "")
	if len(ms) == 0 || ms[0].From != "sam" || len(ms[0].Photos) != 1 {
		t.Fatalf("the photo is not in the private chat: %s", dump(ms))
	}
	res, err := http.Get(s.srv.URL + "/photo/" + ms[0].Photos[0])
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(got, pngBytes) {
		t.Errorf("photo back: %d %q %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(got))
	}

	t.Run("not-an-image", func(t *testing.T) {
		r := s.upload("sam", "", []byte("<html><script>alert(1)</script></html>"))
		if r.Status != http.StatusUnsupportedMediaType || r.Toast == "" {
			t.Errorf("got %+v", r)
		}
	})
	for _, id := range []string{"nosuchphoto", "..%2f..%2fetc", "a%20b"} {
		t.Run("missing/"+id, func(t *testing.T) {
			res, err := http.Get(s.srv.URL + "/photo/" + id)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("status %d", res.StatusCode)
			}
		})
	}
}

// A forged or stale button is refused politely: a toast and a message,
// never an error page, and nothing changes.
func TestForgedToken(t *testing.T) {
	s := newSite(t)
	for _, tc := range []struct{ name, person, chat, token string }{
		{"approve-as-requester", "xiaoming", "supervisors", "t:approve:1001"},
		{"claim-missing-ticket", "li", "dispatch", "t:claim:999999"},
		{"garbage", "sam", "", "zzz"},
		{"stale-answer", "sam", "", "d:99:0"},
		{"admin-menu-as-technician", "li", "", "m:admin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(s.messages(tc.person, ""))
			r := s.post(map[string]string{"person": tc.person, "chat": s.chatID(tc.person, tc.chat), "kind": "button", "token": tc.token})
			after := s.messages(tc.person, "")
			if r.Status != http.StatusOK || len(after) <= before {
				t.Fatalf("status %d, private chat %d → %d messages", r.Status, before, len(after))
			}
			if strings.Contains(after[len(after)-1].Text, "went wrong") || strings.Contains(after[len(after)-1].Text, "出了点问题") {
				t.Errorf("answered as a failure: %q", after[len(after)-1].Text)
			}
		})
	}
	if n := len(s.messages("chen", "supervisors")) + len(s.messages("chen", "dispatch")); n != 0 {
		t.Errorf("forged presses put %d messages in the groups", n)
	}
	// The technician's /admin had to be forged: their menu does not offer it.
	if got := s.menu("li").names(); slices.Contains(got, "admin") {
		t.Errorf("a technician's menu offers /admin: %v", got)
	}
}

func TestEventStream(t *testing.T) {
	s := newSite(t)
	s.say("sam", "", "/help") // history before the stream opens
	ev := openStream(t, s.srv.URL, "sam")
	snap := ev.next("snapshot")
	var sn snapshot
	json.Unmarshal(snap, &sn)
	if len(sn.Chats["web:sam"]) != 2 || sn.Chats["web:dispatch"] == nil || sn.Chats["web:supervisors"] == nil {
		t.Fatalf("snapshot: %s", snap)
	}

	// Someone else's private chat is not streamed; the groups are.
	s.say("xiaoming", "", "/help")
	id, err := s.chat.Send(t.Context(), talk.Target{Platform: "web", Chat: "web:dispatch"}, talk.Message{Text: "new job"})
	if err != nil {
		t.Fatal(err)
	}
	m := ev.message()
	if m.ID != id || m.Text != "new job" {
		t.Fatalf("first event after another person's input: %+v", m)
	}
	if err := s.chat.Edit(t.Context(), "web:dispatch", id, talk.Message{Text: "job taken"}); err != nil {
		t.Fatal(err)
	}
	m = ev.message()
	if m.ID != id || m.Text != "job taken" || !m.Edited {
		t.Fatalf("edit event: %+v", m)
	}

	// The person's own input and its answer, in order.
	s.say("sam", "", "/me")
	m = ev.message()
	if m.From != "sam" || m.Text != "/me" {
		t.Fatalf("echo: %+v", m)
	}
	m = ev.message()
	if m.From != "" || !strings.Contains(m.Text, "Sam Lee") {
		t.Fatalf("answer: %+v", m)
	}

	// Close ends the stream, so a server can shut down.
	s.chat.Close()
	ev.end()
}

// stream reads server-sent events.
type stream struct {
	t    *testing.T
	body io.ReadCloser
	r    *bufio.Reader
}

func openStream(t *testing.T, url, person string) *stream {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/events?person="+person, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	t.Cleanup(func() { res.Body.Close() })
	return &stream{t: t, body: res.Body, r: bufio.NewReader(res.Body)}
}

// next returns the data of the next event, which must be named name.
func (s *stream) next(name string) []byte {
	s.t.Helper()
	var event string
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			s.t.Fatalf("waiting for %s: %v", name, err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if event != name {
				s.t.Fatalf("got event %q, want %q: %s", event, name, line)
			}
			return []byte(strings.TrimPrefix(line, "data: "))
		}
	}
}

// message decodes the next event, which must be a message.
func (s *stream) message() msg {
	s.t.Helper()
	var m msg
	if err := json.Unmarshal(s.next("message"), &m); err != nil {
		s.t.Fatal(err)
	}
	return m
}

// end expects the stream to close.
func (s *stream) end() {
	s.t.Helper()
	if _, err := io.Copy(io.Discard, s.r); err != nil {
		s.t.Fatalf("stream did not end cleanly: %v", err)
	}
}

// handlerFunc is a stand-in engine for what the engine does not do yet
// or never should (panic). It cannot tell who may do what, so its menu
// lists every command: the desk checks each one when it runs anyway.
type handlerFunc func(ctx context.Context, in talk.Input) (talk.Response, error)

func (f handlerFunc) Handle(ctx context.Context, in talk.Input) (talk.Response, error) {
	return f(ctx, in)
}

func (f handlerFunc) Menu(_ context.Context, _, lang string) (web.Menu, error) {
	return web.Menu{Lang: lang, Commands: conversation.CommandNames(lang)}, nil
}

func stubSite(t *testing.T, h web.Engine) (*web.Chat, *httptest.Server, *site) {
	store := repotest.Open(t)
	chat := web.New(h, store, slog.New(slog.DiscardHandler), web.DemoPeople())
	srv := httptest.NewServer(chat.Handler())
	t.Cleanup(srv.Close)
	t.Cleanup(chat.Close)
	return chat, srv, &site{t: t, chat: chat, srv: srv}
}

// An answer marked Edit replaces the message whose button was pressed
// when that is in the same chat; from a group it goes to private anew.
func TestEditInPlace(t *testing.T) {
	h := handlerFunc(func(_ context.Context, in talk.Input) (talk.Response, error) {
		switch in.Kind {
		case talk.KindButton:
			return talk.Response{Toast: "turned", Messages: []talk.Message{
				{Text: "page 2", Edit: true, Rows: []talk.Row{{Buttons: []talk.Button{{Label: "Next", Token: "m:next"}}}}},
				{Text: "and a new one", Edit: true},
			}}, nil
		}
		return talk.Response{Messages: []talk.Message{
			{Text: "page 1", Rows: []talk.Row{{Buttons: []talk.Button{{Label: "Next", Token: "m:next"}}}}}}}, nil
	})
	_, _, s := stubSite(t, h)
	s.say("sam", "", "/list")
	page1 := s.last("sam", "")
	if r := s.press("sam", "", func(string) bool { return true }); r.Toast != "turned" {
		t.Errorf("toast %q", r.Toast)
	}
	ms := s.messages("sam", "")
	texts := []string{}
	for _, m := range ms {
		texts = append(texts, m.Text)
	}
	if !slices.Equal(texts, []string{"/list", "page 2", "and a new one"}) || ms[1].ID != page1.ID || !ms[1].Edited {
		t.Fatalf("private chat after the edit: %q %+v", texts, ms[1])
	}

	// The same press on a group message is answered in private, anew.
	id, _ := s.chat.Send(t.Context(), talk.Target{Platform: "web", Chat: "web:dispatch"},
		talk.Message{Text: "group post", Rows: page1.Rows})
	s.post(map[string]string{"person": "sam", "chat": "web:dispatch", "kind": "button", "token": "m:next", "messageId": id})
	if got := s.last("sam", "dispatch"); got.Text != "group post" || got.Edited {
		t.Errorf("the group post changed: %+v", got)
	}
	if n := len(s.messages("sam", "")); n != 5 {
		t.Errorf("private chat has %d messages, want 5", n)
	}
}

func TestPanicIsContained(t *testing.T) {
	calls := 0
	h := handlerFunc(func(_ context.Context, in talk.Input) (talk.Response, error) {
		calls++
		if calls == 1 {
			panic("boom")
		}
		return talk.Response{}, errors.New("store down")
	})
	_, _, s := stubSite(t, h)
	for i, person := range []string{"sam", "li"} {
		r := s.say(person, "", "hello")
		want := map[string]string{"sam": "Something went wrong", "li": "出了点问题"}[person]
		if !strings.Contains(r.Toast, want) || !strings.Contains(s.last(person, "").Text, want) {
			t.Errorf("call %d: toast %q, last %q", i+1, r.Toast, s.last(person, "").Text)
		}
	}
}

func TestRefusedRequests(t *testing.T) {
	_, srv, _ := stubSite(t, handlerFunc(func(context.Context, talk.Input) (talk.Response, error) {
		return talk.Response{}, nil
	}))
	for _, tc := range []struct {
		name, body, origin string
		status             int
		host               string // the name the request uses, if not the address
		header             string // "Name: value" added to the request
	}{
		{"unknown-person", `{"person":"mallory","kind":"text","text":"hi"}`, "", http.StatusNotFound, "", ""},
		{"someone-elses-chat", `{"person":"sam","chat":"web:li","kind":"text","text":"hi"}`, "", http.StatusForbidden, "", ""},
		{"other-platform-chat", `{"person":"sam","chat":"telegram:1","kind":"text","text":"hi"}`, "", http.StatusForbidden, "", ""},
		{"cross-origin", `{"person":"sam","kind":"text","text":"hi"}`, "https://evil.example", http.StatusForbidden, "", ""},
		{"empty-text", `{"person":"sam","kind":"text","text":"  "}`, "", http.StatusBadRequest, "", ""},
		{"unknown-kind", `{"person":"sam","kind":"sticker"}`, "", http.StatusBadRequest, "", ""},
		{"not-json", `hello`, "", http.StatusBadRequest, "", ""},
		{"same-origin", `{"person":"sam","kind":"text","text":"hi"}`, srv.URL, http.StatusOK, "", ""},
		// A foreign name pointed at this loopback address (DNS rebinding)
		// is of the page's own origin, and still refused.
		{"rebound-name", `{"person":"sam","kind":"text","text":"hi"}`, "http://evil.example", http.StatusMisdirectedRequest, "evil.example", ""},
		{"localhost", `{"person":"sam","kind":"text","text":"hi"}`, "http://localhost", http.StatusOK, "localhost", ""},
		// A reverse proxy on this machine passes the name check with the
		// address as its Host, but says where the request came from.
		{"proxied-forwarded", `{"person":"sam","kind":"text","text":"hi"}`, "", http.StatusForbidden, "", "Forwarded: for=203.0.113.7;host=desk.example"},
		{"proxied-x-forwarded-for", `{"person":"sam","kind":"text","text":"hi"}`, "", http.StatusForbidden, "", "X-Forwarded-For: 203.0.113.7"},
		{"proxied-x-forwarded-host", `{"person":"sam","kind":"text","text":"hi"}`, "", http.StatusForbidden, "", "X-Forwarded-Host: desk.example"},
		{"proxied-x-real-ip", `{"person":"sam","kind":"text","text":"hi"}`, "", http.StatusForbidden, "", "X-Real-IP: 203.0.113.7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", srv.URL+"/api/send", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			if tc.host != "" {
				_, port, _ := net.SplitHostPort(req.URL.Host)
				req.Host = tc.host + ":" + port
				tc.origin += ":" + port
			}
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			if name, value, ok := strings.Cut(tc.header, ": "); ok {
				req.Header.Set(name, value)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
		})
	}
}

func TestSender(t *testing.T) {
	chat, srv, s := stubSite(t, handlerFunc(func(context.Context, talk.Input) (talk.Response, error) {
		return talk.Response{}, nil
	}))
	if chat.Platform() != "web" || chat.DispatchChat() != "web:dispatch" || chat.SupervisorChat() != "web:supervisors" {
		t.Fatal("names")
	}
	ctx := t.Context()
	t.Run("unknown-account", func(t *testing.T) {
		_, err := chat.Send(ctx, talk.Target{Platform: "web", Account: "web:nobody"}, talk.Message{Text: "x"})
		if !errors.Is(err, talk.ErrUndeliverable) {
			t.Errorf("err %v", err)
		}
	})
	t.Run("unknown-message", func(t *testing.T) {
		err := chat.Edit(ctx, "web:dispatch", "old-1", talk.Message{Text: "x"})
		if !errors.Is(err, talk.ErrUndeliverable) {
			t.Errorf("err %v", err)
		}
	})
	t.Run("private", func(t *testing.T) {
		if _, err := chat.Send(ctx, talk.Target{Platform: "web", Account: "web:chen"}, talk.Message{Text: "for chen"}); err != nil {
			t.Fatal(err)
		}
		if got := s.last("chen", "").Text; got != "for chen" {
			t.Errorf("chen sees %q", got)
		}
		if n := len(s.messages("li", "")); n != 0 {
			t.Errorf("li sees %d messages", n)
		}
	})
	t.Run("bounded", func(t *testing.T) {
		var first string
		for i := range 250 {
			id, err := chat.Send(ctx, talk.Target{Platform: "web", Chat: "web:supervisors"}, talk.Message{Text: fmt.Sprint(i)})
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = id
			}
		}
		ms := s.messages("alex", "supervisors")
		if len(ms) != 200 || ms[0].Text != "50" || ms[199].Text != "249" {
			t.Errorf("kept %d, from %q", len(ms), ms[0].Text)
		}
		if err := chat.Edit(ctx, "web:supervisors", first, talk.Message{}); !errors.Is(err, talk.ErrUndeliverable) {
			t.Errorf("edit of a forgotten message: %v", err)
		}
	})
	t.Run("page", func(t *testing.T) {
		for _, path := range []string{"/", "/static/app.js", "/static/app.css", "/api/people"} {
			res, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || len(body) == 0 {
				t.Errorf("%s: %d, %d bytes", path, res.StatusCode, len(body))
			}
			if path == "/" && !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
				t.Errorf("page CSP %q", res.Header.Get("Content-Security-Policy"))
			}
		}
	})
}

// The "share my phone" button shares the person's demo phone.
func TestShareContact(t *testing.T) {
	s := newSite(t)
	s.say("sam", "", "/profile")
	s.say("sam", "", "Sam Lee")
	if ask := s.last("sam", ""); !ask.Ask {
		t.Fatalf("the phone question does not ask for a contact: %+v", ask)
	}
	r := s.post(map[string]string{"person": "sam", "chat": "web:sam", "kind": "contact"})
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	ms := s.messages("sam", "")
	shared, next := ms[len(ms)-2], ms[len(ms)-1]
	if shared.From != "sam" || !strings.Contains(shared.Text, "13800000003") {
		t.Errorf("shared: %+v", shared)
	}
	if next.Ask || next.From != "" || len(r.IDs) != 2 || r.IDs[1] != next.ID {
		t.Errorf("the desk did not move on to the next question: %+v, reply %+v", next, r)
	}
}
