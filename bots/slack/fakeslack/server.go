package fakeslack

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/fakecall"
)

// Tokens and ids the server uses unless a test changes them before
// starting the bot.
const (
	DefaultBotToken      = "xoxb-fake-bot-token"
	DefaultAppToken      = "xapp-fake-app-token"
	DefaultSigningSecret = "fake-signing-secret"
	DefaultTeam          = "T0FAKE"
	DefaultBotUser       = "U0BOT"
	DefaultAppID         = "A0FAKE"
)

// Server is a fake Slack: the Web API, file uploads and downloads, and
// Socket Mode or signed HTTP delivery of events. Its methods are safe for
// concurrent use.
type Server struct {
	// URL is the server's address; APIURL is the Web API base the bot is
	// configured with.
	URL    string
	APIURL string
	// BotToken, AppToken and SigningSecret are what the server accepts
	// and signs with.
	BotToken      string
	AppToken      string
	SigningSecret string
	Team          string
	BotUser       string

	srv  *httptest.Server
	done chan struct{}

	mu      sync.Mutex
	changes fakecall.Changes // tells WaitFor of every change
	closed  bool
	seq     int // for ids and timestamps

	users     map[string]*User
	channels  map[string]*channel
	files     map[string]*File
	uploads   []File // the bot's, once shared
	ephemeral []*Message
	downloads []Download
	views     map[string]View   // the Home tab published for each user
	modals    []View            // views.open, in order
	triggers  map[string]string // trigger_id → user, valid until used by views.open

	calls []Call
	fails []failure

	// deliveries are the envelopes sent to the bot, in order.
	deliveries []*Delivery
	socket     *socket
	hookURL    string // HTTP mode: the bot's base URL
	sockets    int    // Socket Mode connections made

	holds fakecall.Holds // calls held unanswered (Hang)
}

// Call is one Web API request the bot made.
type Call struct {
	Method string
	// Params are the request's form fields, or the top-level fields of its
	// JSON body (strings as they are, anything else as JSON).
	Params map[string]string
	// Status is the HTTP status answered; Error is Slack's error code, ""
	// when the call succeeded.
	Status int
	Error  string
	// At is when the call arrived; RetryAfter the seconds a 429 asked the
	// bot to wait, so a test can tell whether it waited them out.
	At         time.Time
	RetryAfter int
}

type failure struct {
	method     string // "" for any method that writes
	status     int    // 429 or 5xx; 200 with an error code
	errCode    string
	retryAfter int
}

// writes are the methods a failure injected for "" applies to.
var writes = map[string]bool{"chat.postMessage": true, "chat.update": true, "chat.postEphemeral": true,
	"views.publish": true, "views.open": true, "files.getUploadURLExternal": true, "files.completeUploadExternal": true}

// New starts a fake Slack with one workspace and its bot user. Add people
// (AddUser) and channels (AddChannel) before they are used.
func New() *Server {
	s := &Server{
		BotToken: DefaultBotToken, AppToken: DefaultAppToken, SigningSecret: DefaultSigningSecret,
		Team: DefaultTeam, BotUser: DefaultBotUser,
		done: make(chan struct{}), seq: 100,
		users: map[string]*User{}, channels: map[string]*channel{}, files: map[string]*File{},
		views: map[string]View{}, triggers: map[string]string{},
	}
	s.holds.Changes = &s.changes
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	s.APIURL = s.URL + "/api/"
	return s
}

// Close ends the Socket Mode connection and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	sock := s.socket
	s.notify()
	s.mu.Unlock()
	if sock != nil {
		sock.close()
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// notify wakes everything waiting for a change. s.mu is held.
func (s *Server) notify() { s.changes.Notify() }

// next returns a new sequence number. s.mu is held.
func (s *Server) next() int {
	s.seq++
	return s.seq
}

// ts returns a new message timestamp, as Slack writes them. s.mu is held.
func (s *Server) ts() string {
	return fmt.Sprintf("%d.%06d", time.Now().Unix(), s.next())
}

// WaitFor waits until cond holds, checking it again after every change of
// the server's state, and reports whether it did within timeout. cond may
// call the server's methods.
func (s *Server) WaitFor(timeout time.Duration, cond func() bool) bool {
	return s.changes.WaitFor(timeout, cond)
}

// Fail makes the next n calls of method ("" for any method that writes)
// answer {"ok":false,"error":errCode}.
func (s *Server) Fail(method string, n int, errCode string) {
	s.inject(method, n, failure{status: http.StatusOK, errCode: errCode})
}

// RateLimit makes the next n calls of method ("" for any method that
// writes) answer 429 with a Retry-After of retryAfter seconds.
func (s *Server) RateLimit(method string, n, retryAfter int) {
	s.inject(method, n, failure{status: http.StatusTooManyRequests, errCode: "ratelimited", retryAfter: retryAfter})
}

// FailStatus makes the next n calls of method answer an HTTP status
// (500, 503…) with no JSON, as Slack does when it is down.
func (s *Server) FailStatus(method string, n, status int) {
	s.inject(method, n, failure{status: status})
}

func (s *Server) inject(method string, n int, f failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.method = method
	for range n {
		s.fails = append(s.fails, f)
	}
}

// takeFailure removes and returns the first failure injected for method.
// s.mu is held.
func (s *Server) takeFailure(method string) (failure, bool) {
	for i, f := range s.fails {
		if f.method == method || f.method == "" && writes[method] {
			s.fails = append(s.fails[:i], s.fails[i+1:]...)
			return f, true
		}
	}
	return failure{}, false
}

// Calls returns the bot's Web API requests, all or those of the given
// methods, in order.
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// request is a parsed Web API request.
type request struct {
	method string
	params map[string]string
	token  string
	raw    map[string]json.RawMessage // a JSON body's fields
	at     time.Time                  // when it arrived
}

// apiError is an answer {"ok":false,"error":code}.
type apiError struct {
	status     int
	code       string
	retryAfter int
}

func (e *apiError) Error() string { return e.code }

func fail(code string) *apiError { return &apiError{status: http.StatusOK, code: code} }

// serve routes the Web API (/api/<method>), uploads, downloads and the
// Socket Mode websocket.
func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	switch {
	case hr.URL.Path == "/socket":
		s.serveSocket(w, hr)
		return
	case strings.HasPrefix(hr.URL.Path, "/upload/"):
		s.upload(w, hr, strings.TrimPrefix(hr.URL.Path, "/upload/"))
		return
	case hr.URL.Path == "/signin":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<!DOCTYPE html><title>Sign in</title>")
		return
	case strings.HasPrefix(hr.URL.Path, "/files-pri/"):
		if !s.hold(hr, "download", "") {
			return
		}
		s.download(w, hr, strings.TrimPrefix(hr.URL.Path, "/files-pri/"))
		return
	}
	method, ok := strings.CutPrefix(hr.URL.Path, "/api/")
	if !ok {
		http.NotFound(w, hr)
		return
	}
	at := time.Now()
	r, err := parse(hr)
	if err != nil {
		reply(w, nil, &apiError{status: http.StatusOK, code: "invalid_form_data"})
		return
	}
	r.method, r.at = method, at
	if !s.hold(hr, method, r.params["channel"]) {
		return
	}
	result, aerr := s.call(r)
	reply(w, result, aerr)
}

// call runs one method and records it.
func (s *Server) call(r *request) (map[string]any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notify()
	rec := Call{Method: r.method, Params: r.params, Status: http.StatusOK, At: r.at}
	result, err := s.run(r)
	if err != nil {
		rec.Status, rec.Error, rec.RetryAfter = err.status, err.code, err.retryAfter
	}
	s.calls = append(s.calls, rec)
	return result, err
}

// run checks the token and the injected failures and calls the method.
// s.mu is held.
func (s *Server) run(r *request) (map[string]any, *apiError) {
	want := s.BotToken
	if r.method == "apps.connections.open" {
		want = s.AppToken
	}
	switch {
	case r.token == "":
		return nil, fail("not_authed")
	case r.token != want:
		return nil, fail("invalid_auth")
	}
	if f, ok := s.takeFailure(r.method); ok {
		return nil, &apiError{status: f.status, code: f.errCode, retryAfter: f.retryAfter}
	}
	m, ok := methods[r.method]
	if !ok {
		return nil, fail("unknown_method")
	}
	return m(s, r)
}

// parse reads a request as slack-go sends it: a form (token in a field)
// or JSON (token in the Authorization header).
func parse(hr *http.Request) (*request, error) {
	r := &request{params: map[string]string{}}
	if auth, ok := strings.CutPrefix(hr.Header.Get("Authorization"), "Bearer "); ok {
		r.token = auth
	}
	body, err := io.ReadAll(io.LimitReader(hr.Body, 8<<20))
	if err != nil {
		return nil, err
	}
	ct, _, _ := mime.ParseMediaType(hr.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		if len(body) > 0 {
			if err := json.Unmarshal(body, &r.raw); err != nil {
				return nil, err
			}
		}
		for k, v := range r.raw {
			var str string
			if json.Unmarshal(v, &str) == nil {
				r.params[k] = str
			} else {
				r.params[k] = string(v)
			}
		}
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, err
		}
		for k := range form {
			r.params[k] = form.Get(k)
		}
		for k, v := range hr.URL.Query() {
			if _, ok := r.params[k]; !ok && len(v) > 0 {
				r.params[k] = v[0]
			}
		}
	}
	if tok, ok := r.params["token"]; ok {
		if r.token == "" {
			r.token = tok
		}
		delete(r.params, "token")
	}
	return r, nil
}

// reply writes a Web API answer: {"ok":true,…} or {"ok":false,"error":…}.
func reply(w http.ResponseWriter, result map[string]any, err *apiError) {
	if err != nil && err.status != http.StatusOK && err.status != http.StatusTooManyRequests {
		http.Error(w, http.StatusText(err.status), err.status)
		return
	}
	body := map[string]any{"ok": err == nil}
	for k, v := range result {
		body[k] = v
	}
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		body["error"] = err.code
		if err.status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", strconv.Itoa(err.retryAfter))
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}
	_ = json.NewEncoder(w).Encode(body)
}
