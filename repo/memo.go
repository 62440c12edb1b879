package repo

import (
	"context"
	"sync"
)

// listMemo is the embedded store's memory of a small collection read
// whole (the queues, the FAQ). It is exact for the reason the memory of
// documents is (cache.go): this process alone opens the store's folder,
// and every write of the collection goes through the Store, which forgets
// the memory once the write is done, whether it succeeded or not. A list
// read from the database is kept only if no write ended while it was
// being read: one that did may have come after the read, and the list
// would be stale. A nil memo (MongoDB) remembers nothing.
type listMemo[T any] struct {
	// clone copies a list deeply enough that a caller changing what it
	// got leaves the memory as it was.
	clone func([]T) []T

	mu   sync.Mutex
	gen  uint64 // writes ended
	list []T
	ok   bool
}

func newListMemo[T any](clone func([]T) []T) *listMemo[T] { return &listMemo[T]{clone: clone} }

// read returns the list from memory, or reads it with load and keeps it.
func (m *listMemo[T]) read(ctx context.Context, load func(context.Context) ([]T, error)) ([]T, error) {
	if m == nil {
		return load(ctx)
	}
	m.mu.Lock()
	if m.ok {
		defer m.mu.Unlock()
		return m.clone(m.list), nil
	}
	gen := m.gen
	m.mu.Unlock()
	list, err := load(ctx)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if gen == m.gen {
		m.list, m.ok = m.clone(list), true
	}
	return list, nil
}

// changed forgets the list after a write.
func (m *listMemo[T]) changed() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	m.list, m.ok = nil, false
}
