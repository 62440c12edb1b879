package telegramtest

import (
	"net/http"
	"strconv"
)

// Hang holds every later call of method made for chat (0: for any chat)
// without an answer, as a Telegram that stopped answering mid-request,
// until Unhang or Close, or until the bot drops the request. method is a
// Bot API method ("sendMessage", "getFile") or "file" for the download of
// a file.
func (s *Server) Hang(method string, chat int64) {
	target := ""
	if chat != 0 {
		target = strconv.FormatInt(chat, 10)
	}
	s.holds.Hang(method, target)
}

// Unhang answers the calls held so far and holds no more.
func (s *Server) Unhang() { s.holds.Unhang() }

// Hanging is how many calls the server holds now.
func (s *Server) Hanging() int { return s.holds.Held() }

// hold holds a call of method for chat while a Hang asks for it, and
// reports whether the call is still to be answered: one the bot dropped
// meanwhile never reached the platform.
func (s *Server) hold(hr *http.Request, method, chat string) bool {
	return s.holds.Hold(hr.Context(), s.done, method, chat)
}
