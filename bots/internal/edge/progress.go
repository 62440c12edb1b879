package edge

import (
	"sync"

	"github.com/repairdesk/repairdesk/talk"
)

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

// Deliver sends msgs as key's answer, step by step: each message's words
// (words, with the message's File taken off), then the file it carries
// (file). The steps an earlier try of key got through are skipped. edit
// tells words whether the message may replace the one a button was
// pressed on: not once a try resumed part-way, nor after a message that
// did so. Once every step is through, key is forgotten.
func (p *Progress) Deliver(key string, msgs []talk.Message, words func(m talk.Message, edit bool) error, file func(*talk.File) error) error {
	done := p.Sent(key)
	edit := done == 0
	step := func(send func() error) error {
		if done > 0 {
			done--
			return nil
		}
		if err := send(); err != nil {
			return err
		}
		p.Add(key)
		return nil
	}
	for _, m := range msgs {
		f := m.File
		m.File = nil
		if err := step(func() error { return words(m, edit) }); err != nil {
			return err
		}
		if m.Edit {
			edit = false
		}
		if f == nil {
			continue
		}
		if err := step(func() error { return file(f) }); err != nil {
			return err
		}
	}
	p.Forget(key)
	return nil
}
