package fakeslack

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Delivery is one envelope sent to the bot: an Events API event, an
// interaction or a slash command. Its fields do not change; what became
// of it is read with Acked and Answer.
type Delivery struct {
	ID        string // the envelope_id (Socket Mode) or a request id (HTTP)
	Type      string // "events_api", "interactive" or "slash_commands"
	EventID   string // an event's event_id
	TriggerID string // an interaction's or command's trigger_id
	Payload   []byte // JSON, as Slack sends it
	Retry     int    // 0 for the first delivery

	// What became of it, guarded by the server's lock.
	socket   bool
	sent     bool
	acks     int
	status   int
	response json.RawMessage
	acked    time.Time
}

// UseHTTP makes the server deliver to the bot's HTTP endpoints under base
// (its Handler's address), signed with SigningSecret, instead of over
// Socket Mode.
func (s *Server) UseHTTP(base string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hookURL = strings.TrimRight(base, "/")
}

// Deliver sends an envelope of the given type with payload to the bot and
// returns it. Over Socket Mode it is written to the connection, or held
// until the bot connects; over HTTP it is posted, signed, and the answer
// recorded before Deliver returns.
func (s *Server) Deliver(typ string, payload []byte) *Delivery {
	d := &Delivery{Type: typ, Payload: payload}
	var probe struct {
		EventID   string `json:"event_id"`
		TriggerID string `json:"trigger_id"`
	}
	_ = json.Unmarshal(payload, &probe)
	d.EventID, d.TriggerID = probe.EventID, probe.TriggerID
	return s.send(d)
}

// Redeliver sends an envelope again, as Slack does when the bot was slow
// to acknowledge it: a new envelope (and request) id, the same payload
// and event_id, and the retry counted.
func (s *Server) Redeliver(d *Delivery) *Delivery {
	again := &Delivery{Type: d.Type, EventID: d.EventID, TriggerID: d.TriggerID, Payload: d.Payload, Retry: d.Retry + 1}
	return s.send(again)
}

func (s *Server) send(d *Delivery) *Delivery {
	s.mu.Lock()
	d.ID = fmt.Sprintf("env-%d", s.next())
	hook := s.hookURL
	d.socket = hook == ""
	s.deliveries = append(s.deliveries, d)
	c := s.socket
	s.notify()
	s.mu.Unlock()
	switch {
	case hook != "":
		s.post(hook, d)
	case c != nil:
		s.sendEnvelope(c, d)
	}
	return d
}

// paths are the bot's request URLs in HTTP mode.
var paths = map[string]string{"events_api": "/slack/events", "interactive": "/slack/interactivity", "slash_commands": "/slack/commands"}

// post delivers d over HTTP, as Slack does: events as JSON, interactions
// as a form with the JSON in "payload", commands as a form.
func (s *Server) post(base string, d *Delivery) {
	body, ctype := d.Payload, "application/json"
	switch d.Type {
	case "interactive":
		body, ctype = []byte(url.Values{"payload": {string(d.Payload)}}.Encode()), "application/x-www-form-urlencoded"
	case "slash_commands":
		var fields map[string]any
		_ = json.Unmarshal(d.Payload, &fields)
		form := url.Values{}
		for k, v := range fields {
			form.Set(k, fmt.Sprint(v))
		}
		body, ctype = []byte(form.Encode()), "application/x-www-form-urlencoded"
	}
	req, err := http.NewRequest(http.MethodPost, base+paths[d.Type], bytes.NewReader(body))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", ctype)
	SignRequest(req, s.SigningSecret, time.Now(), body)
	if d.Retry > 0 {
		req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(d.Retry))
		req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	s.mu.Lock()
	d.sent = true
	s.mu.Unlock()
	status, answer := 0, []byte(nil)
	client := &http.Client{Timeout: 10 * time.Second}
	if res, err := client.Do(req); err == nil {
		answer, _ = io.ReadAll(io.LimitReader(res.Body, 1<<20))
		res.Body.Close()
		status = res.StatusCode
	}
	s.mu.Lock()
	d.status = status
	if status/100 == 2 {
		d.acks++
		d.acked = time.Now()
		if len(bytes.TrimSpace(answer)) > 0 {
			d.response = answer
		}
	}
	s.notify()
	s.mu.Unlock()
}

// Sign returns Slack's v0 signature of body sent at ts with secret:
// "v0=" and the hex HMAC-SHA256 of "v0:<ts>:<body>".
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// SignRequest sets the signature and timestamp headers of a request as
// Slack does.
func SignRequest(req *http.Request, secret string, at time.Time, body []byte) {
	ts := at.Unix()
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", Sign(secret, ts, body))
}

// Acked reports whether the bot acknowledged d: an ack on the websocket,
// or a 2xx answer over HTTP.
func (s *Server) Acked(d *Delivery) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return d.acks > 0
}

// Answer returns the payload of the bot's acknowledgement (Socket Mode)
// or the body of its HTTP answer, and the HTTP status (0 over Socket
// Mode).
func (s *Server) Answer(d *Delivery) (int, json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return d.status, d.response
}

// Deliveries returns every envelope sent to the bot, in order.
func (s *Server) Deliveries() []*Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Delivery(nil), s.deliveries...)
}

// Unacked returns the envelopes sent and not acknowledged.
func (s *Server) Unacked() []*Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Delivery
	for _, d := range s.deliveries {
		if d.sent && d.acks == 0 {
			out = append(out, d)
		}
	}
	return out
}
