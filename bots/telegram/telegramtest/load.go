package telegramtest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// What a load test needs of the fake beyond a functional test: to hear of
// each message as it arrives, rather than poll transcripts that grow with
// every step, and Telegram's rate limits, so that a bot that sends too
// fast is told so as Telegram would tell it.

// Watch has fn called with every message the bot sends or edits, as the
// message now is, the moment the fake takes it. fn runs while the server
// holds its lock: it must be quick, and must not call the server.
func (s *Server) Watch(fn func(Message)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.watch = fn
}

// Limits are Telegram's rate limits as the fake enforces them: a send or
// edit beyond them is answered 429 with retry_after. The zero Rate is no
// limit.
type Limits struct {
	Chat    Rate // a private chat
	Group   Rate // a group or channel
	Overall Rate // all chats together
}

// Rate allows one message every Every after a burst of Burst.
type Rate struct {
	Every time.Duration
	Burst int
}

// TelegramLimits are Telegram's published figures (about one message a
// second to a chat, twenty a minute to a group, thirty a second in all),
// with the bursts Telegram tolerates.
var TelegramLimits = Limits{
	Chat:    Rate{Every: time.Second, Burst: 3},
	Group:   Rate{Every: 3 * time.Second, Burst: 5},
	Overall: Rate{Every: time.Second / 30, Burst: 30},
}

// Enforce makes the fake answer 429 to sends and edits beyond l, with a
// slack of jitter for each rate: a message that the bot timed right may
// reach the fake a little early after one that was held up on the way.
func (s *Server) Enforce(l Limits, jitter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits, s.jitter = &l, jitter
	s.schedule = map[string]time.Time{}
}

// TooMany is how many sends and edits the fake refused for going beyond
// the limits set by Enforce.
func (s *Server) TooMany() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tooMany
}

// overLimit takes a slot of the chat's schedule and of the overall one,
// as GCRA does, or returns the 429 for a send that comes too early.
func (s *Server) overLimit(method, chatID string) *apiError {
	if !sends(method) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limits == nil {
		return nil
	}
	r := s.limits.Chat
	if strings.HasPrefix(strings.TrimSpace(chatID), "-") || strings.HasPrefix(chatID, "@") {
		r = s.limits.Group
	}
	now := time.Now()
	chatKey := "chat " + chatID
	var late time.Duration
	for _, c := range []struct {
		key string
		r   Rate
	}{{chatKey, r}, {"overall", s.limits.Overall}} {
		if c.r.Every <= 0 {
			continue
		}
		allowed := s.schedule[c.key].Add(-time.Duration(c.r.Burst-1)*c.r.Every - s.jitter)
		late = max(late, allowed.Sub(now))
	}
	if late > 0 {
		s.tooMany++
		after := int(math.Ceil(late.Seconds()))
		return &apiError{status: http.StatusTooManyRequests, retryAfter: after,
			description: fmt.Sprintf("Too Many Requests: retry after %d", after)}
	}
	for _, c := range []struct {
		key string
		r   Rate
	}{{chatKey, r}, {"overall", s.limits.Overall}} {
		if c.r.Every > 0 {
			s.schedule[c.key] = later(s.schedule[c.key], now).Add(c.r.Every)
		}
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// announce tells the watcher of the messages a send or edit left in a
// chat.
func (s *Server) announce(r *request, result any) {
	if !sends(r.method) {
		return
	}
	var ids []int
	switch v := result.(type) {
	case map[string]any:
		id, _ := v["message_id"].(int)
		ids = append(ids, id)
	case []any:
		for _, m := range v {
			if mm, ok := m.(map[string]any); ok {
				id, _ := mm["message_id"].(int)
				ids = append(ids, id)
			}
		}
	}
	chatID, _ := strconv.ParseInt(strings.TrimSpace(r.fields["chat_id"]), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.watch == nil {
		return
	}
	c := s.chats[chatID]
	if c == nil {
		return
	}
	for _, id := range ids {
		if m := c.find(id); m != nil {
			s.watch(*m)
		}
	}
}
