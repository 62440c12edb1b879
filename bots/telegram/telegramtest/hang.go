package telegramtest

import (
	"net/http"
	"strconv"
	"strings"
)

// hang is a call the server holds unanswered, as a Telegram that stopped
// answering mid-request: the bot waits on it until it gives up, or is
// killed while waiting.
type hang struct {
	method string // a Bot API method, or "file" for a file download
	chat   int64  // 0: any chat
}

// Hang holds every later call of method made for chat (0: for any chat)
// without an answer, until Unhang or Close, or until the bot drops the
// request. method is a Bot API method ("sendMessage", "getFile") or
// "file" for the download of a file.
func (s *Server) Hang(method string, chat int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hangs = append(s.hangs, hang{method: method, chat: chat})
}

// Unhang answers the calls held so far and holds no more.
func (s *Server) Unhang() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hangs = nil
	close(s.unhang)
	s.unhang = make(chan struct{})
	s.notify()
}

// Hanging is how many calls the server holds now.
func (s *Server) Hanging() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hanging
}

// hold holds a call of method for chat while a Hang asks for it: until
// Unhang, the bot dropping the request, or Close. It reports whether the
// call is still to be answered: one the bot dropped meanwhile never
// reached the platform.
func (s *Server) hold(hr *http.Request, method, chat string) bool {
	id, _ := strconv.ParseInt(strings.TrimSpace(chat), 10, 64)
	s.mu.Lock()
	held := false
	for _, h := range s.hangs {
		if strings.EqualFold(h.method, method) && (h.chat == 0 || h.chat == id) {
			held = true
			break
		}
	}
	if !held {
		s.mu.Unlock()
		return true
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
