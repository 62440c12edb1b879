package telegramtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/fakecall"
)

// Server is a fake Bot API server for one bot. Its methods are safe for
// concurrent use.
type Server struct {
	// URL is the server's address, the adapter's API base.
	URL string
	// Token is the bot token the server accepts.
	Token string
	// Bot is the bot's own user, as getMe returns it.
	Bot User

	srv  *httptest.Server
	done chan struct{}

	mu      sync.Mutex
	changes fakecall.Changes // tells WaitFor of every change
	closed  bool

	nextUpdate int64
	pending    []Update // updates not yet confirmed
	all        map[int64]Update
	pollGen    int
	polls      int
	hook       *webhook
	deliveries []Delivery
	handed     map[int64]int

	chats   map[int64]*chat
	started map[int64]bool // users who wrote to the bot in private
	blocked map[int64]bool
	files   map[string]file
	nextID  int // for file, query and media group ids

	queries  map[string]bool // callback queries issued; true once answered
	answers  []Answer
	calls    []Call
	fails    []failure
	commands map[string][]Command // by menuScope
	offsets  []int64              // of every getUpdates, in order

	holds fakecall.Holds // calls held unanswered (Hang)

	// For load tests (load.go): the watcher of sent messages, and the
	// rate limits enforced with the schedules they keep.
	watch    func(Message)
	limits   *Limits
	jitter   time.Duration
	schedule map[string]time.Time
	tooMany  int
}

// Call is one request the bot made.
type Call struct {
	Method string
	// Fields are the request's form fields (JSON values as sent);
	// Files are its uploads by field name.
	Fields map[string]string
	Files  map[string][]byte
	// Status is the answer: 200, or the error_code, with Description.
	Status      int
	Description string
	// At is when the call arrived; RetryAfter the seconds a 429 asked the
	// bot to wait, so a test can tell whether it waited them out.
	At         time.Time
	RetryAfter int
}

// Answer is an answer to a callback query: the toast a person saw.
type Answer struct {
	QueryID string
	Text    string
	URL     string // a t.me link the person's client opens
}

// Command is one entry of the bot's command menu.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

type failure struct {
	method     string // "" for any method that sends or edits
	status     int
	retryAfter int
}

type file struct {
	id, path string
	data     []byte
	name     string // a document's file name, as uploaded
}

// NewServer starts a fake Bot API server for the bot with token, which
// should look like Telegram's: "<bot id>:<secret>".
func NewServer(token string) *Server {
	id, _ := strconv.ParseInt(strings.SplitN(token, ":", 2)[0], 10, 64)
	if id == 0 {
		id = 1000
	}
	s := &Server{
		Token: token, Bot: User{ID: id, IsBot: true, FirstName: "Repair desk", Username: "repairdesk_test_bot"},
		done: make(chan struct{}), all: map[int64]Update{}, handed: map[int64]int{},
		chats: map[int64]*chat{}, started: map[int64]bool{}, blocked: map[int64]bool{}, files: map[string]file{},
		queries: map[string]bool{}, commands: map[string][]Command{},
	}
	s.holds.Changes = &s.changes
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close ends held long polls and webhook deliveries and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	s.notify()
	s.mu.Unlock()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// notify wakes everything waiting for a change. s.mu is held.
func (s *Server) notify() { s.changes.Notify() }

// WaitFor waits until cond holds, re-checking it after every change of the
// server's state, and reports whether it did within timeout. cond may call
// the server's methods.
func (s *Server) WaitFor(timeout time.Duration, cond func() bool) bool {
	return s.changes.WaitFor(timeout, cond)
}

// FailNext makes the bot's next n sends or edits fail with status: 429
// with retry_after seconds, or any other error code (500…).
func (s *Server) FailNext(n, status, retryAfter int) { s.FailMethod("", n, status, retryAfter) }

// FailMethod makes the next n calls of method ("sendMessage",
// "answerCallbackQuery", …; "" for any send or edit) fail with status.
func (s *Server) FailMethod(method string, n, status, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fails = append(s.fails, failure{method: method, status: status, retryAfter: retryAfter})
	}
}

// Block makes userID a person who blocked the bot: it may not write to
// them (403).
func (s *Server) Block(userID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[userID] = true
}

// Calls returns the bot's requests but its polls (getUpdates), all or
// those of the given methods.
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// Answers returns the bot's answers to callback queries, in order.
func (s *Server) Answers() []Answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Answer(nil), s.answers...)
}

// Commands returns the command menu set for a language code ("" for the
// default menu).
func (s *Server) Commands(languageCode string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.commands["default|"+languageCode]...)
}

// Webhook returns the webhook's URL and secret, "" when none is set.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook == nil {
		return "", ""
	}
	return s.hook.url, s.hook.secret
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// serve routes /bot<token>/<method> and /file/bot<token>/<path>.
func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	at := time.Now()
	if path, ok := strings.CutPrefix(hr.URL.Path, "/file/bot"+s.Token+"/"); ok {
		if !s.hold(hr, "file", "") {
			return
		}
		s.download(w, path)
		return
	}
	method, ok := strings.CutPrefix(hr.URL.Path, "/bot"+s.Token+"/")
	if !ok {
		reply(w, nil, &apiError{status: http.StatusUnauthorized, description: "Unauthorized"})
		return
	}
	r, err := parse(hr)
	if err != nil {
		reply(w, nil, badRequest("%v", err))
		return
	}
	r.method, r.at = method, at
	if !s.hold(hr, method, r.fields["chat_id"]) {
		return
	}
	h, ok := s.methods()[strings.ToLower(method)]
	if !ok {
		reply(w, nil, &apiError{status: http.StatusNotFound, description: "Not Found: method not found"})
		return
	}
	var result any
	if fail := s.failure(method); fail != nil {
		err = fail
	} else if fail := s.overLimit(method, r.fields["chat_id"]); fail != nil {
		err = fail
	} else {
		result, err = h(r)
	}
	if err == nil {
		s.announce(r, result)
	}
	if !strings.EqualFold(method, "getUpdates") {
		s.record(r, err)
	}
	reply(w, result, err)
}

// failure takes the next injected failure for method, if any.
func (s *Server) failure(method string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.fails {
		if f.method == "" && !sends(method) || f.method != "" && !strings.EqualFold(f.method, method) {
			continue
		}
		s.fails = append(s.fails[:i], s.fails[i+1:]...)
		e := &apiError{status: f.status, description: http.StatusText(f.status), retryAfter: f.retryAfter}
		if f.status == http.StatusTooManyRequests {
			e.description = fmt.Sprintf("Too Many Requests: retry after %d", f.retryAfter)
		}
		return e
	}
	return nil
}

// sends reports whether a method sends or edits a message.
func sends(method string) bool {
	m := strings.ToLower(method)
	return strings.HasPrefix(m, "send") || strings.HasPrefix(m, "edit")
}

func (s *Server) record(r *request, err error) {
	c := Call{Method: r.method, Fields: r.fields, Files: r.files, Status: http.StatusOK, At: r.at}
	if e, ok := err.(*apiError); ok {
		c.Status, c.Description, c.RetryAfter = e.status, e.description, e.retryAfter
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.notify()
}

// ForgetFiles drops every file the server has, as Telegram may drop a
// file_id: sending one of them again is refused as a bad request.
func (s *Server) ForgetFiles() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.files)
}

// newFile keeps data as a file the bot can fetch. s.mu is held.
func (s *Server) newFile(data []byte) file {
	s.nextID++
	f := file{id: "file-" + strconv.Itoa(s.nextID), path: "photos/file_" + strconv.Itoa(s.nextID) + ".jpg", data: data}
	s.files[f.id] = f
	return f
}
