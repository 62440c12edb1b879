package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/web"
	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

// site is the web chat served over a fresh embedded store, with the real
// engine behind it and a real dispatcher in front of it.
type site struct {
	t      *testing.T
	store  *repo.Store
	svc    *desk.Service
	chat   *web.Chat
	disp   *notice.Dispatcher
	srv    *httptest.Server
	people map[string]web.Person
}

// deskEngine is the desk's real engine as the chat takes it, as the
// program wires it.
type deskEngine struct{ *conversation.Engine }

func (e deskEngine) Menu(ctx context.Context, account, lang string) (web.Menu, error) {
	m, err := e.Engine.Menu(ctx, account, lang)
	return web.Menu(m), err
}

func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteWith(t, nil)
}

// newSiteWith is newSite with the chat's options, made from the desk's
// service, which some of them ask for.
func newSiteWith(t *testing.T, opts func(*desk.Service) []web.Option) *site {
	t.Helper()
	ctx := t.Context()
	store := repotest.Open(t)
	if _, err := store.Seed(ctx); err != nil {
		t.Fatalf("seed store: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	svc := desk.NewService(store, store, store, store)
	people := web.DemoPeople()
	if err := web.Seed(ctx, svc, people); err != nil {
		t.Fatalf("seed demo people: %v", err)
	}
	engine := conversation.New(svc, store, logger)
	s := &site{t: t, store: store, svc: svc, people: map[string]web.Person{}}
	var options []web.Option
	if opts != nil {
		options = opts(svc)
	}
	s.chat = web.New(deskEngine{engine}, store, logger, people, options...)
	s.disp = notice.NewDispatcher(svc, store, logger, s.chat)
	s.srv = httptest.NewServer(s.chat.Handler())
	// Cleanups run last first: end the event streams, then the server,
	// which waits for them.
	t.Cleanup(s.srv.Close)
	t.Cleanup(s.chat.Close)
	for _, p := range people {
		s.people[p.Key] = p
	}
	return s
}

// flush delivers every notice owed, as the running dispatcher would.
func (s *site) flush() {
	s.t.Helper()
	if n, _, err := s.disp.Flush(s.t.Context()); err != nil || n != 0 {
		s.t.Fatalf("deliver notices: %d left, %v", n, err)
	}
}

// msg is a message as the page receives it.
type msg struct {
	ID     string     `json:"id"`
	Chat   string     `json:"chat"`
	From   string     `json:"from"`
	Name   string     `json:"name"`
	Text   string     `json:"text"`
	Rows   []talk.Row `json:"rows"`
	Photos []string   `json:"photos"`
	Ask    bool       `json:"askContact"`
	Edited bool       `json:"edited"`
	// ReplyTo is the message whose thread it is in.
	ReplyTo string `json:"replyTo"`
}

type snapshot struct {
	Person string           `json:"person"`
	Chats  map[string][]msg `json:"chats"`
}

// history is what person's page shows.
func (s *site) history(person string) snapshot {
	s.t.Helper()
	res, err := http.Get(s.srv.URL + "/api/history?person=" + person)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var snap snapshot
	if err := json.NewDecoder(res.Body).Decode(&snap); err != nil {
		s.t.Fatalf("history of %s: %v", person, err)
	}
	return snap
}

// messages is one chat as person sees it; chat is "dispatch",
// "supervisors" or "" for the person's private chat.
func (s *site) messages(person, chat string) []msg {
	return s.history(person).Chats[s.chatID(person, chat)]
}

func (s *site) chatID(person, chat string) string {
	if chat == "" {
		return "web:" + person
	}
	return "web:" + chat
}

// byID is one message of a chat, as it is now.
func (s *site) byID(person, chat, id string) msg {
	s.t.Helper()
	for _, m := range s.messages(person, chat) {
		if m.ID == id {
			return m
		}
	}
	s.t.Fatalf("%s does not see message %s in %q", person, id, chat)
	return msg{}
}

// last is the newest message of a chat.
func (s *site) last(person, chat string) msg {
	s.t.Helper()
	ms := s.messages(person, chat)
	if len(ms) == 0 {
		s.t.Fatalf("%s sees nothing in %q", person, chat)
	}
	return ms[len(ms)-1]
}

type reply struct {
	Status int
	Toast  string   `json:"toast"`
	IDs    []string `json:"ids"`
}

// post sends JSON to /api/send as person.
func (s *site) post(body map[string]string) reply {
	s.t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(s.srv.URL+"/api/send", "application/json", bytes.NewReader(b))
	if err != nil {
		s.t.Fatal(err)
	}
	return decodeReply(s.t, res)
}

func decodeReply(t *testing.T, res *http.Response) reply {
	t.Helper()
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	r := reply{Status: res.StatusCode}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatalf("reply %q: %v", data, err)
		}
	}
	return r
}

// say types text (or a /command) in a chat.
func (s *site) say(person, chat, text string) reply {
	s.t.Helper()
	r := s.post(map[string]string{"person": person, "chat": s.chatID(person, chat), "kind": "text", "text": text})
	if r.Status != http.StatusOK {
		s.t.Fatalf("%s says %q: status %d", person, text, r.Status)
	}
	return r
}

// press presses the button of the newest message in a chat whose token
// matches; tokens say what a button does in any language.
func (s *site) press(person, chat string, match func(token string) bool) reply {
	s.t.Helper()
	ms := s.messages(person, chat)
	for i := len(ms) - 1; i >= 0; i-- {
		for _, r := range ms[i].Rows {
			for _, b := range r.Buttons {
				if b.Token != "" && match(b.Token) {
					rep := s.post(map[string]string{"person": person, "chat": s.chatID(person, chat), "kind": "button",
						"token": b.Token, "messageId": ms[i].ID})
					if rep.Status != http.StatusOK {
						s.t.Fatalf("%s presses %q: status %d", person, b.Label, rep.Status)
					}
					return rep
				}
			}
		}
	}
	s.t.Fatalf("%s sees no such button in %q; newest: %s", person, chat, dump(ms))
	return reply{}
}

// answer presses the answer button with value in the person's newest
// question.
func (s *site) answer(person, value string) reply {
	s.t.Helper()
	return s.press(person, "", func(tok string) bool { return strings.HasPrefix(tok, "d:") && strings.HasSuffix(tok, ":"+value) })
}

// action presses a ticket action ("claim", "approve") in a chat.
func (s *site) action(person, chat, name string) reply {
	s.t.Helper()
	return s.press(person, chat, func(tok string) bool { return strings.HasPrefix(tok, "t:"+name+":") })
}

// upload sends a photo to a chat as person.
func (s *site) upload(person, chat string, data []byte) reply {
	s.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("person", person)
	w.WriteField("chat", s.chatID(person, chat))
	f, _ := w.CreateFormFile("photo", "photo.png")
	f.Write(data)
	w.Close()
	res, err := http.Post(s.srv.URL+"/api/photo?person="+person, w.FormDataContentType(), &body)
	if err != nil {
		s.t.Fatal(err)
	}
	return decodeReply(s.t, res)
}

func dump(ms []msg) string {
	var b strings.Builder
	for _, m := range ms[max(0, len(ms)-3):] {
		fmt.Fprintf(&b, "\n  %q %v", m.Text, m.Rows)
	}
	return b.String()
}

// pngBytes is a valid 1×1 PNG.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
