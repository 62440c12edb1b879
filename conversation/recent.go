package conversation

import (
	"sync"

	"github.com/repairdesk/repairdesk/talk"
)

// recentAnswers keeps this process's latest answers by input key. A
// session keeps only the answer to its newest input, which is what a
// crash leaves to be given again; but an answer the platform refused is
// asked for again later, by the same process, after the person may have
// sent something else that replaced it in the session. Without this, that
// answer (a ticket's number, a claim's confirmation) would be given again
// as nothing.
type recentAnswers struct {
	mu    sync.Mutex
	byKey map[string]talk.Response
	order []string // keys, oldest first, a ring of maxRecentAnswers
	next  int
}

// maxRecentAnswers bounds the memory: an answer is asked again within the
// hour the platform's outage lasts at most, and a thousand answers are a
// few megabytes.
const maxRecentAnswers = 1024

func (r *recentAnswers) put(key string, resp talk.Response) {
	if key == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byKey == nil {
		r.byKey, r.order = map[string]talk.Response{}, make([]string, maxRecentAnswers)
	}
	if _, ok := r.byKey[key]; !ok {
		delete(r.byKey, r.order[r.next])
		r.order[r.next] = key
		r.next = (r.next + 1) % maxRecentAnswers
	}
	r.byKey[key] = resp
}

func (r *recentAnswers) get(key string) (talk.Response, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	resp, ok := r.byKey[key]
	return resp, ok
}
