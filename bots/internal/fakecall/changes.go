package fakecall

import (
	"sync"
	"time"
)

// Changes tells waiters that something changed. The zero value is ready.
type Changes struct {
	mu sync.Mutex
	ch chan struct{} // closed and replaced on every change
}

// Notify wakes every waiter.
func (c *Changes) Notify() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch != nil {
		close(c.ch)
	}
	c.ch = make(chan struct{})
}

// Next returns a channel closed at the next change. Take it before
// checking the state it waits on, so that a change in between is not
// missed.
func (c *Changes) Next() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch == nil {
		c.ch = make(chan struct{})
	}
	return c.ch
}

// WaitFor waits until cond holds, checking it again after every change
// and at least every 50 ms (cond may depend on more than the changes
// announced), and reports whether it did within timeout.
func (c *Changes) WaitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		// Taken before cond is checked, so that a change between the
		// check and the wait is not missed.
		ch := c.Next()
		if cond() {
			return true
		}
		select {
		case <-ch:
		case <-tick.C:
		case <-deadline.C:
			return cond()
		}
	}
}
