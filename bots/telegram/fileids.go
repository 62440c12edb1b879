package telegram

import (
	"slices"
	"sync"
)

// maxFileIDs bounds the file_ids remembered: enough for the photos of
// every open ticket on a large campus, a few megabytes at most.
const maxFileIDs = 20000

// fileIDs remembers the file_id Telegram knows each of the desk's photos
// by, so that a photo shown to the requester, the dispatch group and the
// supervisors is uploaded once, not once per chat. It is a cache: a
// restart, or Telegram forgetting a file, costs one upload more.
type fileIDs struct {
	mu    sync.Mutex
	ids   map[string]string // photo ID in the store → file_id
	order []string          // oldest first, for eviction
}

func (f *fileIDs) get(photo string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id, ok := f.ids[photo]
	return id, ok
}

func (f *fileIDs) put(photo, fileID string) {
	if photo == "" || fileID == "" {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ids == nil {
		f.ids = map[string]string{}
	}
	if _, ok := f.ids[photo]; !ok {
		f.order = append(f.order, photo)
	}
	f.ids[photo] = fileID
	for len(f.ids) > maxFileIDs && len(f.order) > 0 {
		delete(f.ids, f.order[0])
		f.order = f.order[1:]
	}
}

func (f *fileIDs) forget(photo string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.ids[photo]; !ok {
		return
	}
	delete(f.ids, photo)
	// Rare (Telegram lost a file): a scan is cheaper than an index.
	f.order = slices.DeleteFunc(f.order, func(p string) bool { return p == photo })
}
