package telegramtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// webhook is a registered webhook and its delivery loop.
type webhook struct {
	url, secret string
	stop        chan struct{}
}

// Delivery is one webhook request the server made.
type Delivery struct {
	UpdateID int64
	Status   int // 0 when the request failed
}

// deliver posts pending updates to the webhook in order, one at a time,
// retrying an update until it is answered 2xx, as Telegram does.
func (s *Server) deliver(h *webhook) {
	client := &http.Client{Timeout: 10 * time.Second}
	retry := 0
	for {
		s.mu.Lock()
		if s.hook != h {
			s.mu.Unlock()
			return
		}
		if len(s.pending) == 0 {
			ch := s.changes.Next()
			s.mu.Unlock()
			select {
			case <-ch:
			case <-h.stop:
				return
			case <-s.done:
				return
			}
			continue
		}
		// The update is out of the queue while it is being posted, so
		// that a Redeliver meanwhile is a delivery of its own.
		u := s.pending[0]
		s.pending = s.pending[1:]
		s.mu.Unlock()

		body, _ := json.Marshal(u)
		status := 0
		req, _ := http.NewRequest(http.MethodPost, h.url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", h.secret)
		if res, err := client.Do(req); err == nil {
			status = res.StatusCode
			res.Body.Close()
		}
		s.mu.Lock()
		s.deliveries = append(s.deliveries, Delivery{UpdateID: u.ID, Status: status})
		ok := status >= 200 && status < 300
		if ok {
			s.handed[u.ID]++
		} else {
			s.pending = append([]Update{u}, s.pending...)
		}
		s.notify()
		s.mu.Unlock()
		if ok {
			retry = 0
			continue
		}
		retry++
		select {
		case <-time.After(min(time.Duration(retry)*50*time.Millisecond, time.Second)):
		case <-h.stop:
			return
		case <-s.done:
			return
		}
	}
}

// Deliveries returns the webhook requests made so far.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// setWebhook registers (or, with an empty url, removes) the webhook.
func (s *Server) setWebhook(r *request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook != nil {
		close(s.hook.stop)
		s.hook = nil
	}
	if u := r.fields["url"]; u != "" {
		s.hook = &webhook{url: u, secret: r.fields["secret_token"], stop: make(chan struct{})}
		go s.deliver(s.hook)
	}
	s.notify()
	return true, nil
}

func (s *Server) deleteWebhook(*request) (any, error) {
	return s.setWebhook(&request{fields: map[string]string{}})
}
