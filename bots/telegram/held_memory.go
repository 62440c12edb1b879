package telegram

import (
	"slices"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/internal/keylock"
	"github.com/repairdesk/repairdesk/talk"
)

// held keeps the answers to presses made in a group by people who have
// not started a private chat with the bot (or blocked it), which Telegram
// would not let the bot send. They are delivered after the person's next
// message in private, typically the Start the toast asked for.
//
// They are kept in the store, so that neither a restart nor a crash
// silences anyone: a hold is written before the toast asks the person to
// start the chat, and a delivery drops them only after sending, so a
// crash in between repeats them once rather than losing them. Memory
// holds only the accounts that have answers in the store, read once, so
// that a private message from anyone else costs no read; and, if the
// store fails to keep them, the answers themselves, as the last resort.
type held struct {
	mu sync.Mutex
	// known says pending was read from the store. Until it is, a
	// private message reads the store for its sender.
	known bool
	// pending are the accounts that may have answers in the store. An
	// account is added before its answers are written and removed only
	// after they are dropped, so it is never missing while they are
	// there; a start reads it back from the store.
	pending map[string]bool
	// memory holds the answers the store failed to keep.
	memory map[string][]heldAnswer
	// locks orders the holds and deliveries of one account, which come
	// from different lanes (the groups, the private chat).
	locks keylock.Locks
	// delivered are the keys of updates whose held answers were
	// delivered: one of them handled again after a crash is not answered
	// a second time (answerFromGroup).
	delivered map[string]bool
}

// heldAnswer is one message held, as stored (JSON, like the updates the
// adapter keeps).
type heldAnswer struct {
	// Update is the key of the update the message answers: an update
	// handled again after a crash holds its answer again in place of
	// the first, not beside it.
	Update  string       `json:"update"`
	At      time.Time    `json:"at"`
	Message talk.Message `json:"message"`
}

// maxHeld bounds what one person's held answers may grow to.
const maxHeld = 20

// maxDelivered bounds the keys remembered as delivered. Only an update
// handled again needs its key, and that happens just after a start;
// forgetting one at worst repeats an answer once.
const maxDelivered = 1000

// heldFor is how long answers are held. After a week the presses they
// answer are old news; the person still has /jobs and /mine. It also
// bounds the store: what is older is dropped at the person's next
// message, or at the next start.
const heldFor = 7 * 24 * time.Hour

// wasDelivered reports whether the held answers to update were
// delivered; take also forgets it.
func (h *held) wasDelivered(update string, take bool) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	was := h.delivered[update]
	if take {
		delete(h.delivered, update)
	}
	return was
}

// markDelivered records that the held answers to the updates of
// answers were delivered.
func (h *held) markDelivered(answers []heldAnswer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.delivered == nil || len(h.delivered) >= maxDelivered {
		h.delivered = map[string]bool{}
	}
	for _, a := range answers {
		if a.Update != "" {
			h.delivered[a.Update] = true
		}
	}
}

// mark records that account may have answers in the store.
func (h *held) mark(account string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pending == nil {
		h.pending = map[string]bool{}
	}
	h.pending[account] = true
}

// settled forgets account's answers: those in memory, and the mark, once
// none are left in the store.
func (h *held) settled(account string, storeEmpty bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.memory, account)
	if storeEmpty {
		delete(h.pending, account)
	}
}

// emptied forgets the mark of account, whose answers left the store,
// unless memory still holds some of theirs.
func (h *held) emptied(account string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.memory[account]) == 0 {
		delete(h.pending, account)
	}
}

// inMemory returns account's answers that only memory holds.
func (h *held) inMemory(account string) []heldAnswer {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.memory[account])
}

// keepInMemory replaces account's answers in memory with answers.
func (h *held) keepInMemory(account string, answers []heldAnswer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.memory == nil {
		h.memory = map[string][]heldAnswer{}
	}
	h.memory[account] = answers
}
