package repo

import (
	"context"
	"maps"
	"sync"

	"go.mongodb.org/mongo-driver/v2/event"
)

// commands counts the commands a client sends, by name. Each one is a
// round trip to the database, and on the embedded store, whose one
// connection runs one command at a time, round trips are what a busy desk
// waits for: the count shows what a chat action costs.
type commands struct {
	mu sync.Mutex
	n  map[string]int64
}

func newCommands() *commands { return &commands{n: map[string]int64{}} }

// monitor is the driver hook that counts every command as it starts.
func (c *commands) monitor() *event.CommandMonitor {
	return &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		c.mu.Lock()
		c.n[e.CommandName]++
		c.mu.Unlock()
	}}
}

// snapshot returns a copy of the counts so far.
func (c *commands) snapshot() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.n)
}

// Commands returns how many commands of each name ("find", "update",
// "findAndModify", …) the store has sent since it was opened, counting
// every retry. It is empty for a Store made by New, whose client Open did
// not connect.
func (s *Store) Commands() map[string]int64 {
	if s.commands == nil {
		return map[string]int64{}
	}
	return s.commands.snapshot()
}
