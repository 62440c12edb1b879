package edge

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/lanes"
	"github.com/repairdesk/repairdesk/talk"
)

// Store keeps the inputs an adapter took from its platform until they are
// handled and answered, and remembers the inputs handled. Keys are the
// platform's own ids of the inputs ("telegram:update:42"), so that a
// platform delivering one again is caught by the unique key.
type Store interface {
	// KeepAll stores each data under its key for platform, in order.
	// kept[i] is false, and nothing is stored, if an input with keys[i]
	// is kept already: in hand, or handled and not yet removed (Finish).
	// On an error, kept covers the inputs before the one that failed,
	// which are kept; the others are not.
	KeepAll(ctx context.Context, platform string, keys []string, data [][]byte) (kept []bool, err error)
	// Kept returns the keys and data of platform's inputs in hand (kept,
	// and neither dropped nor recorded as handled), in the order they
	// were kept.
	Kept(ctx context.Context, platform string) (keys []string, data [][]byte, err error)
	// Seen reports whether the input with key was handled before
	// (Finish recorded it).
	Seen(ctx context.Context, key string) (bool, error)
	// Finish records the inputs with the keys handled as handled, then
	// removes those with the keys dropped from the inputs kept, and the
	// handled ones too, at once or later: in that order, so that at
	// every instant a handled input is kept or recorded. A key not kept,
	// or recorded already, is no error.
	Finish(ctx context.Context, handled, dropped []string) error
}

// Kept is an input read back from the store: its lane, its key and
// itself.
type Kept[T any] struct {
	Lane string
	Key  string
	Item T
}

// Keep makes the inbox keep its inputs in store (Take) and hand over
// what an earlier run left there (Resume); decode reads an input back
// from the data Take was given.
func (b *Inbox[T]) Keep(store Store, decode func([]byte) (Kept[T], error)) {
	b.store, b.decode = store, decode
	b.finish = newFinisher(store, b.log, b.noun)
}

// Taken says what became of an input Take kept.
type Taken int

const (
	Queued    Taken = iota // kept, and waiting in its lane or being handled
	Again                  // kept already: a delivery again of one in hand
	NextStart              // kept, and handled at the next start: the inbox is closing
	Dropped                // a flood: not kept
)

// Take keeps item, under key and as data, and queues it behind the
// earlier inputs of lane. Once it returns nil the input is safe, and the
// platform may be told it arrived; an error means it is not kept, and the
// platform must deliver it again.
func (b *Inbox[T]) Take(ctx context.Context, lane, key string, item T, data []byte) (Taken, error) {
	if b.store == nil {
		return Dropped, errors.New(b.name + ": no store to keep " + b.noun + "s in")
	}
	done := b.early()
	if done != nil {
		// Until Resume has read what the last run kept, an input is kept
		// and queued under its lock: either Resume sees it, and it is
		// queued by Take alone, or Resume does not.
		defer done()
	}
	kept, err := b.store.KeepAll(ctx, b.name, []string{key}, [][]byte{data})
	if err != nil || len(kept) != 1 {
		return Dropped, fmt.Errorf("keep %s %s: %w", b.noun, key, err)
	}
	if !kept[0] {
		b.log.Debug(b.noun+" delivered again while in hand", "key", key)
		return Again, nil
	}
	b.ours(done != nil, key)
	switch b.push(lane, entry[T]{item: item, key: key}) {
	case lanes.Full:
		b.drop(key)
		return Dropped, nil
	case lanes.Closed:
		return NextStart, nil
	}
	return Queued, nil
}

// Taking is an input for TakeAll: kept under Key, as Data, and queued
// in Lane; with no Key, only queued (as by Push).
type Taking[T any] struct {
	Lane, Key string
	Item      T
	Data      []byte
}

// TakeAll takes inputs in order, as Take and Push would one by one, but
// keeps those with a key in the store with one call: a platform that
// hands over inputs in batches (Telegram's getUpdates) pays one round
// trip for a batch. It returns how many of the inputs were taken; on an
// error, the one at that place and those after it are not, and the
// platform must deliver them again.
func (b *Inbox[T]) TakeAll(ctx context.Context, in []Taking[T]) (int, error) {
	if b.store == nil {
		return 0, errors.New(b.name + ": no store to keep " + b.noun + "s in")
	}
	var keys []string
	var data [][]byte
	for _, t := range in {
		if t.Key != "" {
			keys, data = append(keys, t.Key), append(data, t.Data)
		}
	}
	var kept []bool
	var err error
	if len(keys) > 0 {
		done := b.early()
		if done != nil {
			defer done() // see Take
		}
		kept, err = b.store.KeepAll(ctx, b.name, keys, data)
		for i, k := range kept {
			if k {
				b.ours(done != nil, keys[i])
			}
		}
	}
	j := 0
	for i, t := range in {
		if t.Key == "" {
			b.push(t.Lane, entry[T]{item: t.Item})
			continue
		}
		if j == len(kept) {
			return i, fmt.Errorf("keep %s %s: %w", b.noun, t.Key, err)
		}
		if !kept[j] {
			b.log.Debug(b.noun+" delivered again while in hand", "key", t.Key)
		} else if b.push(t.Lane, entry[T]{item: t.Item, key: t.Key}) == lanes.Full {
			b.drop(t.Key)
		}
		j++
	}
	return len(in), nil
}

// Resume queues what an earlier run kept and did not finish, in the
// order it was kept: those inputs go before any the platform delivers
// now. An input that cannot be read back is dropped and logged.
func (b *Inbox[T]) Resume(ctx context.Context) error {
	if b.store == nil {
		return nil
	}
	b.start.Lock()
	defer b.start.Unlock()
	taken := b.taken
	b.resumed, b.taken = true, nil
	keys, all, err := b.store.Kept(ctx, b.name)
	if err != nil {
		return fmt.Errorf("%s: %ss kept by the last run: %w", b.name, b.noun, err)
	}
	for i, data := range all {
		k, err := b.decode(data)
		if err != nil {
			// A later version may have changed what it keeps: the
			// input is lost, but it must not come back at every start.
			b.log.Error(b.noun+" kept by the last run is unreadable, dropped", "key", keys[i], "err", err)
			b.drop(keys[i])
			continue
		}
		if taken[k.Key] {
			continue // this run's own, queued by Take
		}
		b.push(k.Lane, entry[T]{item: k.Item, key: k.Key, old: true})
	}
	if len(all) > 0 {
		b.log.Info(b.noun+"s kept by the last run, handled first", "count", len(all))
	}
	return nil
}

// run handles one input of the queue. A kept input the store has on
// record as handled (the platform delivered it again later) is dropped
// unhandled; one an earlier run left (Kept hands over only those not on
// record) is handled without asking, since that run may have handled it
// and died before answering: the desk itself knows whether it acted on
// it (talk.Input.Key). The
// input is finished once handled (recorded, and no longer kept), but not
// when shutdown cut its handling short. When the record cannot be read
// the input is taken as new: without the record a duplicate might slip
// through, without an answer the person is left waiting.
func (b *Inbox[T]) run(ctx context.Context, e entry[T]) {
	if e.key == "" {
		if err := b.handle(ctx, e.item); err != nil {
			b.log.Warn(b.noun+" answered, but the answer did not get through", "err", err)
		}
		return
	}
	if !e.old {
		seen, err := b.store.Seen(ctx, e.key)
		if err != nil {
			b.log.Warn("cannot read whether the "+b.noun+" was handled, handling it", "key", e.key, "err", err)
		}
		if seen {
			b.log.Debug(b.noun+" already handled", "key", e.key)
			b.drop(e.key)
			return
		}
	}
	err := b.handle(ctx, e.item)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		b.retry(e, err)
		return
	}
	b.finish.add(e.key, true)
}

// Answers the platform did not take are tried again after answerRetry,
// doubling up to answerRetryMax and never sooner than the platform asked,
// for about an hour (answerTries), so that a ticket's number or a claim's
// confirmation reaches the person after an outage of the platform.
const (
	answerRetry    = 2 * time.Second
	answerRetryMax = 5 * time.Minute
	answerTries    = 16
)

// retry keeps an input whose answer did not get through, and hands it
// over again later. It stays in the store meanwhile, so a restart hands
// it over too.
func (b *Inbox[T]) retry(e entry[T], err error) {
	e.tries++
	if e.tries >= answerTries {
		b.log.Error(b.noun+" answer given up after the platform refused it for an hour", "key", e.key, "err", err)
		b.drop(e.key)
		return
	}
	wait := min(answerRetry<<(e.tries-1), answerRetryMax)
	if asked, ok := talk.RetryAfter(err); ok {
		wait = max(wait, asked)
	}
	e.old = true
	b.log.Warn(b.noun+" answer did not get through; kept to answer again", "key", e.key, "in", wait, "err", err)
	time.AfterFunc(wait, func() { b.push(e.lane, e) })
}

// early, before Resume, takes the lock that keeps Take and Resume apart
// and returns its release; after Resume it returns nil. The caller notes
// the inputs it kept under the lock as this run's (ours).
func (b *Inbox[T]) early() func() {
	b.start.Lock()
	if b.resumed {
		b.start.Unlock()
		return nil
	}
	return b.start.Unlock
}

// ours notes keys, kept by Take before Resume, as queued by this run. A
// key found kept already is not noted: the last run kept it, and Resume
// queues it.
func (b *Inbox[T]) ours(early bool, keys ...string) {
	if !early {
		return
	}
	if b.taken == nil {
		b.taken = map[string]bool{}
	}
	for _, k := range keys {
		b.taken[k] = true
	}
}

// drop removes an input from the store unhandled: a flood, one handled
// before, one that cannot be read back or whose answer was given up.
func (b *Inbox[T]) drop(key string) { b.finish.add(key, false) }
