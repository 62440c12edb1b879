package lanes

import (
	"context"
	"sync"
)

// Queue handles the items of one key in order and different keys in
// parallel. Its methods may be called from any goroutine.
type Queue[T any] struct {
	ctx    context.Context
	handle func(context.Context, T)
	opt    Options[T]
	slots  chan struct{} // one token per item being handled
	wg     sync.WaitGroup

	mu      sync.Mutex
	lanes   map[string][]T // a key is present while its lane's goroutine runs
	closed  bool
	skipped int
}

// New returns a queue that calls handle for each item pushed. ctx is
// passed to handle; once it ends, the items still waiting are skipped.
func New[T any](ctx context.Context, handle func(context.Context, T), opt Options[T]) *Queue[T] {
	return &Queue[T]{ctx: ctx, handle: handle, opt: opt,
		slots: make(chan struct{}, max(opt.Slots, 1)), lanes: map[string][]T{}}
}

// Push queues item behind the earlier items of key. It waits neither for
// a slot nor for the item to be handled: a caller that must answer
// quickly can.
func (q *Queue[T]) Push(key string, item T) Result {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return Closed
	}
	waiting, busy := q.lanes[key]
	if q.opt.MaxLane > 0 && len(waiting) >= q.opt.MaxLane {
		return Full
	}
	q.lanes[key] = append(waiting, item)
	if !busy {
		q.wg.Add(1)
		go q.drain(key)
	}
	return Queued
}

// Close refuses new items and waits for the queued ones to be handled,
// or skipped once the queue's context ends. It returns how many were
// skipped. Ending the context is the caller's way to cut the wait short.
func (q *Queue[T]) Close() int {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.wg.Wait()
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.skipped
}

// Idle reports whether nothing is queued or being handled, and so no
// goroutine of the queue's is running.
func (q *Queue[T]) Idle() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.lanes) == 0
}
