package photo

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"time"
)

// Sent remembers the messages whose photos reached a chat when the rest
// of the message (the text with its buttons, sent after them) did not.
// The dispatcher sends a notice that failed again, whole; without this
// its photos would be posted in the chat a second time. What it
// remembers is lost with the process: a crash between the photos and
// the text is the one window in which they are posted again.
type Sent struct {
	mu sync.Mutex
	at map[string]time.Time
}

// keepFor bounds how long a message is remembered: the dispatcher retries
// within minutes, and a notice it gave up on is not sent again.
const keepFor = time.Hour

// SentKey names a message with photos for chat; "" when it has none.
func SentKey(chat, text string, photos []string) string {
	if len(photos) == 0 {
		return ""
	}
	h := sha256.Sum256([]byte(chat + "\x00" + text + "\x00" + strings.Join(photos, "\x00")))
	return hex.EncodeToString(h[:])
}

// Has reports whether the photos of the message named key are in its
// chat already.
func (s *Sent) Has(key string) bool {
	if key == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.at[key]
	return ok && time.Since(at) < keepFor
}

// Add records that the photos of the message named key reached its chat
// and the rest of it did not.
func (s *Sent) Add(key string) {
	if key == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.at == nil {
		s.at = map[string]time.Time{}
	}
	for k, at := range s.at {
		if time.Since(at) >= keepFor {
			delete(s.at, k)
		}
	}
	s.at[key] = time.Now()
}

// Forget drops the message named key: all of it has been sent.
func (s *Sent) Forget(key string) {
	if key == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.at, key)
}
