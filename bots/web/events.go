package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// keepAlive is how often an idle stream sends a comment, so that proxies
// and browsers do not take a quiet chat for a dead connection.
const keepAlive = 20 * time.Second

// serveEvents streams one person's view as server-sent events: first a
// "snapshot" of the private chat and both group chats, then a "message"
// for every message added or edited there (an edit has the ID of the
// message it replaces). A page switching person opens a new stream.
func (c *Chat) serveEvents(w http.ResponseWriter, r *http.Request) {
	p, ok := c.byKey[r.URL.Query().Get("person")]
	if !ok {
		http.Error(w, "unknown person", http.StatusNotFound)
		return
	}
	s, snap := c.history.subscribe(p.Account(), dispatchChat, supervisorChat)
	if s == nil {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer c.history.unsubscribe(s)

	rc := http.NewResponseController(w)
	// A server-wide write timeout would cut every stream; this one lives
	// as long as the page.
	rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	// retry: a dropped stream comes back quickly and reloads the history.
	fmt.Fprint(w, "retry: 1500\n\n")
	if err := writeEvent(w, "snapshot", snapshot{Person: p.Key, Chats: snap}); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-s.gone:
			return
		case e := <-s.ch:
			err = writeEvent(w, "message", e)
		case <-tick.C:
			_, err = fmt.Fprint(w, ": keep-alive\n\n")
		}
		if err == nil {
			err = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}

// writeEvent writes one event. JSON holds no raw newline, so the data is
// one line.
func writeEvent(w http.ResponseWriter, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, b)
	return err
}
