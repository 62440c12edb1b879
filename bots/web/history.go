package web

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/talk"
)

// entry is one message as the page shows it: what the desk sent, or what a
// person typed, uploaded or shared.
type entry struct {
	ID   string `json:"id"`
	Chat string `json:"chat"`
	// From is the key of the person who wrote it; "" for the desk.
	From       string     `json:"from,omitempty"`
	Name       string     `json:"name,omitempty"`
	Text       string     `json:"text"`
	Rows       []talk.Row `json:"rows,omitempty"`
	Photos     []string   `json:"photos,omitempty"`
	Phones     []string   `json:"phones,omitempty"` // in Text: the page makes them tel: links
	AskContact bool       `json:"askContact,omitempty"`
	File       *talk.File `json:"file,omitempty"` // a download link
	At         time.Time  `json:"at"`
	Edited     bool       `json:"edited,omitempty"`
	// ReplyTo is the message whose thread this one is in: the page
	// shows it under that message, indented, as a thread.
	ReplyTo string `json:"replyTo,omitempty"`
}

func deskEntry(chat string, m talk.Message) entry {
	return entry{Chat: chat, Text: m.Text, Rows: m.Rows, Photos: m.Photos, Phones: m.Phones, AskContact: m.AskContact, File: m.File}
}

// history keeps the newest messages of every chat and hands each change to
// the event streams that show that chat.
type history struct {
	mu     sync.Mutex
	limit  int
	prefix string
	next   int
	chats  map[string][]entry
	subs   map[*stream]struct{}
	closed bool
}

func newHistory(limit int) *history {
	// Tickets remember the IDs of their dispatch posts across restarts,
	// but this history does not. A prefix new at every start keeps an edit
	// meant for a message of an earlier run from landing on an unrelated
	// message of this one that happens to have the same number.
	b := make([]byte, 3)
	rand.Read(b)
	return &history{limit: limit, prefix: hex.EncodeToString(b) + "-",
		chats: map[string][]entry{}, subs: map[*stream]struct{}{}}
}

// add appends e to its chat, gives it an ID and a time, and publishes it.
func (h *history) add(e entry) entry {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	e.ID = h.prefix + strconv.Itoa(h.next)
	e.At = time.Now()
	list := append(h.chats[e.Chat], e)
	if len(list) > h.limit {
		// Copy rather than reslice, so the dropped messages can be freed.
		list = append([]entry(nil), list[len(list)-h.limit:]...)
	}
	h.chats[e.Chat] = list
	h.publish(e)
	return e
}

// replace puts e in the place of message id of its chat, keeping the ID;
// false if the chat no longer holds that message.
func (h *history) replace(id string, e entry) (entry, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	list := h.chats[e.Chat]
	for i := range list {
		if list[i].ID == id {
			e.ID, e.At, e.Edited = id, time.Now(), true
			if len(e.Photos) == 0 {
				// An edit changes a message's words, as the platforms'
				// edits of a captioned photo do; its photos stay.
				e.Photos = list[i].Photos
			}
			list[i] = e
			h.publish(e)
			return e, true
		}
	}
	return entry{}, false
}

// snapshot copies the history of the given chats.
func (h *history) snapshot(chats ...string) map[string][]entry {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.copyOf(chats)
}

func (h *history) copyOf(chats []string) map[string][]entry {
	out := make(map[string][]entry, len(chats))
	for _, c := range chats {
		out[c] = append([]entry{}, h.chats[c]...)
	}
	return out
}

// subscribe returns a stream of the changes to chats and, taken at the
// same moment, their history so far: nothing falls between the two.
// It returns nil once the history is closed.
func (h *history) subscribe(chats ...string) (*stream, map[string][]entry) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, nil
	}
	s := &stream{chats: map[string]bool{}, ch: make(chan entry, streamBuffer), gone: make(chan struct{})}
	for _, c := range chats {
		s.chats[c] = true
	}
	h.subs[s] = struct{}{}
	return s, h.copyOf(chats)
}

func (h *history) unsubscribe(s *stream) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.drop(s)
}

// close ends every stream and refuses new ones, so that a server shutting
// down is not kept waiting by pages that never hang up.
func (h *history) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		h.drop(s)
	}
}

// publish hands e to the streams showing its chat. A stream that cannot
// keep up is dropped rather than waited for: its page reconnects and gets
// the whole history again, so it loses nothing.
func (h *history) publish(e entry) {
	for s := range h.subs {
		if !s.chats[e.Chat] {
			continue
		}
		select {
		case s.ch <- e:
		default:
			h.drop(s)
		}
	}
}

func (h *history) drop(s *stream) {
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.gone)
	}
}

// streamBuffer is how many messages a page may fall behind before it is
// dropped and made to reload its history.
const streamBuffer = 256

// stream is one page's view of some chats.
type stream struct {
	chats map[string]bool
	ch    chan entry
	gone  chan struct{} // closed when the history drops the stream
}
