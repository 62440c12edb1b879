package edge

import "sync"

// Progress remembers, per input, how many steps of its answer reached
// the person (a message's words, the file it carries), so that an answer
// handed over again after the platform failed part-way (Inbox retry) does
// not repeat those that got through.
// It lives in memory: after a crash an answer may be repeated whole,
// which beats one never given.
type Progress struct {
	mu   sync.Mutex
	sent map[string]int
}

// Sent is how many steps of key's answer got through so far.
func (p *Progress) Sent(key string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sent[key]
}

// Add counts one more step of key's answer as delivered.
func (p *Progress) Add(key string) {
	if key == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sent == nil {
		p.sent = map[string]int{}
	}
	p.sent[key]++
}

// Forget drops key once its answer is complete.
func (p *Progress) Forget(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.sent, key)
}
