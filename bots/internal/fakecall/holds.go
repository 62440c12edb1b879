package fakecall

import (
	"context"
	"strings"
	"sync"
)

// Holds keeps calls unanswered on request. The zero value holds nothing.
type Holds struct {
	// Changes, if set, is told whenever a call starts or stops being held,
	// so that a test can wait until the bot is stuck on one.
	Changes *Changes

	mu      sync.Mutex
	rules   []rule
	held    int
	release chan struct{} // closed by Unhang
}

// rule is a kind of call to hold: a method, for one target or ("") any.
type rule struct{ method, target string }

// Hang holds every later call of method made for target ("" for any)
// until Unhang, or until the caller drops the request.
func (h *Holds) Hang(method, target string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rules = append(h.rules, rule{method, target})
}

// Unhang answers the calls held so far and holds no more.
func (h *Holds) Unhang() {
	h.mu.Lock()
	h.rules = nil
	if h.release != nil {
		close(h.release)
		h.release = nil
	}
	h.mu.Unlock()
	h.notify()
}

// Held is how many calls are held now.
func (h *Holds) Held() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.held
}

// Hold holds a call of method for target while a Hang asks for it: until
// Unhang, ctx ending (the caller dropped the request) or done closing
// (the fake shut down). It reports whether the call is still to be
// answered: one the caller dropped meanwhile never reached the platform.
func (h *Holds) Hold(ctx context.Context, done <-chan struct{}, method, target string) bool {
	h.mu.Lock()
	if !h.matches(method, strings.TrimSpace(target)) {
		h.mu.Unlock()
		return true
	}
	if h.release == nil {
		h.release = make(chan struct{})
	}
	release := h.release
	h.held++
	h.mu.Unlock()
	h.notify()
	select {
	case <-release:
	case <-ctx.Done():
	case <-done:
	}
	h.mu.Lock()
	h.held--
	h.mu.Unlock()
	h.notify()
	return ctx.Err() == nil
}

// matches reports whether a rule holds the call. h.mu is held.
func (h *Holds) matches(method, target string) bool {
	for _, r := range h.rules {
		if strings.EqualFold(r.method, method) && (r.target == "" || r.target == target) {
			return true
		}
	}
	return false
}

func (h *Holds) notify() {
	if h.Changes != nil {
		h.Changes.Notify()
	}
}
