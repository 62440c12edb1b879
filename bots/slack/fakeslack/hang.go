package fakeslack

import "net/http"

// hang is a call the server holds unanswered, as a Slack that stopped
// answering mid-request: the bot waits on it until it gives up, or is
// killed while waiting.
type hang struct {
	method  string // a Web API method, or "download" for a file's url_private
	channel string // "": any channel
}

// Hang holds every later call of method made for channel ("" for any
// channel) without an answer, until Unhang or Close, or until the bot
// drops the request. method is a Web API method ("chat.postMessage") or
// "download" for the download of a file a person shared.
func (s *Server) Hang(method, channel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hangs = append(s.hangs, hang{method: method, channel: channel})
}

// Unhang answers the calls held so far and holds no more.
func (s *Server) Unhang() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hangs = nil
	if s.unhang != nil {
		close(s.unhang)
	}
	s.unhang = make(chan struct{})
	s.notify()
}

// Hanging is how many calls the server holds now.
func (s *Server) Hanging() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hanging
}

// hold holds a call of method for channel while a Hang asks for it: until
// Unhang, the bot dropping the request, or Close. It reports whether the
// call is still to be answered: one the bot dropped meanwhile never
// reached the platform.
func (s *Server) hold(hr *http.Request, method, channel string) bool {
	s.mu.Lock()
	held := false
	for _, h := range s.hangs {
		if h.method == method && (h.channel == "" || h.channel == channel) {
			held = true
			break
		}
	}
	if !held {
		s.mu.Unlock()
		return true
	}
	if s.unhang == nil {
		s.unhang = make(chan struct{})
	}
	s.hanging++
	release := s.unhang
	s.notify()
	s.mu.Unlock()
	select {
	case <-release:
	case <-hr.Context().Done():
	case <-s.done:
	}
	s.mu.Lock()
	s.hanging--
	s.notify()
	s.mu.Unlock()
	return hr.Context().Err() == nil
}
