package telegram

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"time"

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
	locks map[string]*accountLock
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

type accountLock struct {
	sync.Mutex
	users int
}

// lock takes account's lock; unlock gives it back.
func (h *held) lock(account string) (unlock func()) {
	h.mu.Lock()
	if h.locks == nil {
		h.locks = map[string]*accountLock{}
	}
	l := h.locks[account]
	if l == nil {
		l = &accountLock{}
		h.locks[account] = l
	}
	l.users++
	h.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		h.mu.Lock()
		if l.users--; l.users == 0 {
			delete(h.locks, account)
		}
		h.mu.Unlock()
	}
}

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

// holdForStart holds msgs, the answer to ev, for ev's sender. It returns
// once they are in the store, or in memory if the store failed.
func (b *Bot) holdForStart(ctx context.Context, ev *event, msgs []talk.Message) {
	if len(msgs) == 0 {
		return
	}
	account := ev.in.Account
	unlock := b.held.lock(account)
	defer unlock()
	now := time.Now()
	var fresh []heldAnswer
	for _, m := range msgs {
		fresh = append(fresh, heldAnswer{Update: ev.in.Key, At: now, Message: m})
	}
	b.held.mark(account)
	stored, _, err := b.heldInStore(ctx, account)
	if err == nil {
		all := joinHeld(stored, b.held.inMemory(account), fresh, now)
		if err = b.keepHeld(ctx, account, all); err == nil {
			b.held.settled(account, false)
			return
		}
	}
	b.log.Warn("telegram: held answers kept in memory only, until a restart", "account", account, "err", err)
	b.held.keepInMemory(account, joinHeld(nil, b.held.inMemory(account), fresh, now))
}

// joinHeld joins the answers held before to fresh ones, leaving out
// those the fresh ones take the place of (the same update's), those
// older than heldFor, and the oldest beyond maxHeld.
func joinHeld(stored, memory, fresh []heldAnswer, now time.Time) []heldAnswer {
	all := slices.Concat(stored, memory)
	if len(fresh) > 0 {
		all = slices.DeleteFunc(all, func(a heldAnswer) bool { return a.Update != "" && a.Update == fresh[0].Update })
	}
	all = slices.DeleteFunc(append(all, fresh...), func(a heldAnswer) bool { return now.Sub(a.At) > heldFor })
	return all[max(0, len(all)-maxHeld):]
}

// deliverHeld sends what was held for the person of ev, now that they
// wrote to the bot in private, and then forgets it.
func (b *Bot) deliverHeld(ctx context.Context, ev *event) {
	if ev.in.Group {
		return
	}
	account := ev.in.Account
	if !b.mayHold(ctx, account) {
		return
	}
	unlock := b.held.lock(account)
	defer unlock()
	stored, found, storeErr := b.heldInStore(ctx, account)
	if storeErr != nil {
		b.log.Warn("telegram: held answers not read", "account", account, "err", storeErr)
	}
	all := joinHeld(stored, b.held.inMemory(account), nil, time.Now())
	if len(all) > 0 {
		msgs := make([]talk.Message, len(all))
		for i, a := range all {
			msgs[i] = a.Message
		}
		if err := b.deliver(ctx, ev.private(), msgs, 0); err != nil {
			b.log.Warn("telegram: held answers not delivered", "account", account, "err", err)
			if passing(err) != nil {
				return // kept for their next message
			}
		} else {
			b.held.markDelivered(all)
		}
	}
	if storeErr != nil {
		b.held.settled(account, false)
		return
	}
	if found {
		// A failure here repeats the answers at the next start, once.
		if err := b.store.DropHeld(ctx, account); err != nil {
			b.log.Warn("telegram: held answers delivered and not dropped", "account", account, "err", err)
		}
	}
	b.held.settled(account, true)
}

// mayHold reports whether account may have answers held. The first call
// reads which accounts have some from the store, and drops those held
// too long; if that read fails, it says yes, and the caller reads the
// store for the account.
func (b *Bot) mayHold(ctx context.Context, account string) bool {
	b.held.mu.Lock()
	if b.held.known {
		yes := b.held.pending[account] || len(b.held.memory[account]) > 0
		b.held.mu.Unlock()
		return yes
	}
	accounts, at, err := b.store.HeldAccounts(ctx)
	if err != nil {
		b.held.mu.Unlock()
		b.log.Warn("telegram: accounts with held answers not read", "err", err)
		return true
	}
	if b.held.pending == nil {
		b.held.pending = map[string]bool{}
	}
	var stale []string
	for i, a := range accounts {
		b.held.pending[a] = true
		if time.Since(at[i]) > heldFor {
			stale = append(stale, a)
		}
	}
	b.held.known = true
	yes := b.held.pending[account] || len(b.held.memory[account]) > 0
	b.held.mu.Unlock()
	for _, a := range stale {
		b.dropStale(ctx, a)
	}
	return yes
}

// dropStale drops account's answers if all are older than heldFor. It
// reads them again under the account's lock: a hold may have come since.
func (b *Bot) dropStale(ctx context.Context, account string) {
	unlock := b.held.lock(account)
	defer unlock()
	stored, found, err := b.heldInStore(ctx, account)
	if err != nil || !found || len(joinHeld(stored, nil, nil, time.Now())) > 0 {
		return
	}
	if err := b.store.DropHeld(ctx, account); err != nil {
		b.log.Warn("telegram: stale held answers not dropped", "account", account, "err", err)
		return
	}
	b.held.emptied(account)
}

// heldInStore reads account's answers from the store; found says the
// store has a document for them. Answers that cannot be read are
// logged and left out: the next hold or delivery replaces them.
func (b *Bot) heldInStore(ctx context.Context, account string) (answers []heldAnswer, found bool, err error) {
	data, err := b.store.HeldAnswers(ctx, account)
	if err != nil || data == nil {
		return nil, false, err
	}
	if err := json.Unmarshal(data, &answers); err != nil {
		b.log.Warn("telegram: held answers unreadable, dropped", "account", account, "err", err)
		return nil, true, nil
	}
	return answers, true, nil
}

// keepHeld writes account's answers to the store.
func (b *Bot) keepHeld(ctx context.Context, account string, answers []heldAnswer) error {
	data, err := json.Marshal(answers)
	if err != nil {
		return err
	}
	return b.store.HoldAnswers(ctx, account, data)
}

// answerFromGroup delivers the answer to a press (or a command) in a
// group to the person's private chat. A press handled again after a
// crash may have had its answer held the first time: if those held
// answers were delivered already, it sends nothing; if they are still
// held, it drops them once its own answer got through. Either way the
// person hears it once.
func (b *Bot) answerFromGroup(ctx context.Context, ev *event, msgs []talk.Message) error {
	account, update := ev.in.Account, ev.in.Key
	if update == "" || !b.mayHold(ctx, account) && !b.held.wasDelivered(update, false) {
		return b.deliverAnswer(ctx, ev, msgs, 0)
	}
	unlock := b.held.lock(account)
	defer unlock()
	if b.held.wasDelivered(update, true) {
		return nil
	}
	if err := b.deliverAnswer(ctx, ev, msgs, 0); err != nil {
		return err
	}
	b.unhold(ctx, account, update)
	return nil
}

// unhold drops the answers held for account to update, under the
// account's lock.
func (b *Bot) unhold(ctx context.Context, account, update string) {
	other := func(as []heldAnswer) []heldAnswer {
		return slices.DeleteFunc(as, func(a heldAnswer) bool { return a.Update == update })
	}
	b.held.mu.Lock()
	if m := b.held.memory[account]; len(m) > 0 {
		b.held.memory[account] = other(slices.Clone(m))
	}
	b.held.mu.Unlock()
	stored, found, err := b.heldInStore(ctx, account)
	if err != nil || !found {
		return
	}
	rest := other(slices.Clone(stored))
	if len(rest) == len(stored) {
		return
	}
	if len(rest) > 0 {
		err = b.keepHeld(ctx, account, rest)
	} else if err = b.store.DropHeld(ctx, account); err == nil {
		b.held.emptied(account)
	}
	if err != nil {
		b.log.Warn("telegram: answers delivered and still held", "account", account, "err", err)
	}
}
