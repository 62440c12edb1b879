package fakeslack

import "net/http"

// Hang holds every later call of method made for channel ("" for any
// channel) without an answer, as a Slack that stopped answering
// mid-request, until Unhang or Close, or until the bot drops the request.
// method is a Web API method ("chat.postMessage") or "download" for the
// download of a file a person shared.
func (s *Server) Hang(method, channel string) { s.holds.Hang(method, channel) }

// Unhang answers the calls held so far and holds no more.
func (s *Server) Unhang() { s.holds.Unhang() }

// Hanging is how many calls the server holds now.
func (s *Server) Hanging() int { return s.holds.Held() }

// hold holds a call of method for channel while a Hang asks for it, and
// reports whether the call is still to be answered: one the bot dropped
// meanwhile never reached the platform.
func (s *Server) hold(hr *http.Request, method, channel string) bool {
	return s.holds.Hold(hr.Context(), s.done, method, channel)
}
