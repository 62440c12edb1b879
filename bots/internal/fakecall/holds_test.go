package fakecall

import (
	"context"
	"testing"
	"time"
)

// A held call waits for Unhang and is then answered; a call for another
// target, or another method, passes at once; a dropped call is not
// answered.
func TestHolds(t *testing.T) {
	changes := &Changes{}
	h := &Holds{Changes: changes}
	done := make(chan struct{})
	h.Hang("sendMessage", "42")

	if !h.Hold(t.Context(), done, "sendPhoto", "42") || !h.Hold(t.Context(), done, "sendMessage", "7") {
		t.Fatal("a call no rule names was held or refused")
	}
	answered := make(chan bool)
	go func() { answered <- h.Hold(t.Context(), done, "SENDMESSAGE", " 42") }()
	if !changes.WaitFor(5*time.Second, func() bool { return h.Held() == 1 }) {
		t.Fatal("the call for the hung target was not held")
	}
	h.Unhang()
	if !<-answered {
		t.Fatal("the held call was not answered after Unhang")
	}
	if h.Held() != 0 || !h.Hold(t.Context(), done, "sendMessage", "42") {
		t.Fatal("calls are still held after Unhang")
	}

	h.Hang("getFile", "")
	ctx, cancel := context.WithCancel(t.Context())
	go func() { answered <- h.Hold(ctx, done, "getFile", "9") }()
	changes.WaitFor(5*time.Second, func() bool { return h.Held() == 1 })
	cancel()
	if <-answered {
		t.Fatal("a call the caller dropped was answered")
	}
	go func() { answered <- h.Hold(t.Context(), done, "getFile", "9") }()
	changes.WaitFor(5*time.Second, func() bool { return h.Held() == 1 })
	close(done)
	if !<-answered {
		t.Fatal("a call held when the fake shut down was reported dropped")
	}
}
