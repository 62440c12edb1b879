package telegram

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/repairdesk/repairdesk/talk"
)

// holdForStart holds msgs, the answer to ev, for ev's sender. It returns
// once they are in the store, or in memory if the store failed.
func (b *Bot) holdForStart(ctx context.Context, ev *event, msgs []talk.Message) {
	if len(msgs) == 0 {
		return
	}
	account := ev.in.Account
	unlock := b.held.locks.Lock(account)
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
	unlock := b.held.locks.Lock(account)
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

// mayHold reports whether account may have answers held: from memory,
// once loadHeld read which accounts have some; until then, if that read
// failed, or if other copies share the store (Config.Shared), it says
// yes, and the caller reads the store for the account.
func (b *Bot) mayHold(_ context.Context, account string) bool {
	if b.cfg.Shared {
		return true // another copy may have held some: the caller reads
	}
	b.held.mu.Lock()
	defer b.held.mu.Unlock()
	if !b.held.known {
		return true
	}
	return b.held.pending[account] || len(b.held.memory[account]) > 0
}

// loadHeld reads, once at start, which accounts have answers held, and
// drops those held too long, away from any person's message. With copies
// sharing the store, only the dropping is of use.
func (b *Bot) loadHeld(ctx context.Context) {
	accounts, at, err := b.store.HeldAccounts(ctx)
	if err != nil {
		if ctx.Err() == nil {
			b.log.Warn("telegram: accounts with held answers not read", "err", err)
		}
		return
	}
	b.held.mu.Lock()
	if b.held.pending == nil {
		b.held.pending = map[string]bool{}
	}
	var stale []string
	for i, a := range accounts {
		// What is read is only added to what was marked meanwhile, so
		// no mark is lost; an account settled meanwhile at worst costs
		// a read.
		b.held.pending[a] = true
		if time.Since(at[i]) > heldFor {
			stale = append(stale, a)
		}
	}
	b.held.known = true
	b.held.mu.Unlock()
	for _, a := range stale {
		b.dropStale(ctx, a)
	}
}

// dropStale drops account's answers if all are older than heldFor. It
// reads them again under the account's lock: a hold may have come since.
func (b *Bot) dropStale(ctx context.Context, account string) {
	unlock := b.held.locks.Lock(account)
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
	unlock := b.held.locks.Lock(account)
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
