package fakeslack

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// PingEvery is how often the fake pings a Socket Mode connection. slack-go
// reconnects when it hears no ping for 30 s.
var PingEvery = 2 * time.Second

// socket is the bot's Socket Mode connection.
type socket struct {
	conn *websocket.Conn
	wmu  sync.Mutex // gorilla's writes are not safe for concurrent use
	done chan struct{}
	once sync.Once
}

func (c *socket) write(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.conn.WriteJSON(v)
}

func (c *socket) close() {
	c.once.Do(func() {
		close(c.done)
		_ = c.conn.Close()
	})
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveSocket is the websocket apps.connections.open points to. It says
// hello, sends the envelopes waiting for a connection, pings, and reads the
// bot's acknowledgements. A new connection replaces the old one, as
// Slack's refresh does.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &socket{conn: conn, done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.close()
		return
	}
	old := s.socket
	s.socket = c
	s.sockets++
	var waiting []*Delivery
	for _, d := range s.deliveries {
		if d.socket && !d.sent {
			waiting = append(waiting, d)
		}
	}
	s.notify()
	s.mu.Unlock()
	if old != nil {
		old.close()
	}
	_ = c.write(map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": DefaultAppID},
		"debug_info":      map[string]any{"host": "fakeslack", "approximate_connection_time": 3600}})
	for _, d := range waiting {
		s.sendEnvelope(c, d)
	}
	go s.ping(c)
	s.readAcks(c)
}

func (s *Server) ping(c *socket) {
	t := time.NewTicker(PingEvery)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			c.wmu.Lock()
			err := c.conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second))
			c.wmu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

// readAcks records each acknowledgement {"envelope_id":…,"payload":…}
// until the connection ends.
func (s *Server) readAcks(c *socket) {
	defer func() {
		c.close()
		s.mu.Lock()
		if s.socket == c {
			s.socket = nil
		}
		s.notify()
		s.mu.Unlock()
	}()
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := c.conn.ReadJSON(&ack); err != nil {
			return
		}
		s.mu.Lock()
		for _, d := range s.deliveries {
			if d.ID == ack.EnvelopeID {
				d.acks++
				d.response = ack.Payload
				d.acked = time.Now()
			}
		}
		s.notify()
		s.mu.Unlock()
	}
}

// sendEnvelope writes a delivery to the connection.
func (s *Server) sendEnvelope(c *socket, d *Delivery) {
	env := map[string]any{"envelope_id": d.ID, "type": d.Type, "payload": json.RawMessage(d.Payload),
		"accepts_response_payload": d.Type != "events_api", "retry_attempt": d.Retry}
	if d.Retry > 0 {
		env["retry_reason"] = "timeout"
	}
	if err := c.write(env); err != nil {
		return
	}
	s.mu.Lock()
	d.sent = true
	s.notify()
	s.mu.Unlock()
}

// Disconnect asks the bot to reconnect, as Slack does every few hours
// ({"type":"disconnect","reason":"refresh_requested"}).
func (s *Server) Disconnect() {
	s.mu.Lock()
	c := s.socket
	s.mu.Unlock()
	if c != nil {
		_ = c.write(map[string]any{"type": "disconnect", "reason": "refresh_requested"})
	}
}

// Connections is how many Socket Mode connections the bot has made.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sockets
}

// Connected reports whether the bot holds a Socket Mode connection.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.socket != nil
}
