package edge

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/lanes"
)

// Inbox sizes. A lane is one person's inputs (one chat's, or one
// person's in a shared chat) waiting in order; nobody usefully queues
// more than a few dozen, so a longer lane is a flood and its excess is
// dropped. slots bounds how many inputs are handled at once, to spare
// the database and the platform's rate limits.
const (
	maxLane = 100
	slots   = 32
)

// Inbox is an adapter's queue of inputs: those of one lane are handled in
// order, different lanes side by side, each in the inbox's work context.
// That context outlives the adapter's Run by a grace period (Close), so
// that inputs already taken from the platform are answered during a
// shutdown rather than left for the next start.
//
// With a Store (Keep), an input is kept in the database before the
// platform is told it arrived (Take), and dropped from there only once it
// is handled and answered: what a crash or a shutdown cuts short is
// handled when the adapter starts again (Resume).
type Inbox[T any] struct {
	q      *lanes.Queue[entry[T]]
	handle func(context.Context, T) error
	log    *slog.Logger
	name   string // the adapter's
	noun   string
	once   once
	work   context.Context
	stop   context.CancelFunc

	store  Store
	decode func([]byte) (Kept[T], error)
	finish *finisher
	// start keeps Take and Resume apart until Resume has run; taken are
	// the keys Take queued before it.
	start   sync.Mutex
	resumed bool
	taken   map[string]bool
}

// entry is an input in the queue: key names it in the store, "" for one
// not kept there; old says it was handled before (by an earlier run, or
// by this one whose answer the platform did not take); tries counts the
// answers the platform did not take.
type entry[T any] struct {
	item  T
	key   string
	old   bool
	lane  string
	tries int
}

// NewInbox returns the inbox of the adapter name, which hands each input
// to handle. handle returns an error when the desk answered but the
// platform did not take the answer (it failed or asked to wait): a kept
// input is then handed over again later (see retry), and the desk, which
// knows it acted on it, answers it again. noun names the inputs in logs
// ("update", "event"); describe names one without its content, as log
// attributes.
func NewInbox[T any](name, noun string, handle func(context.Context, T) error, log *slog.Logger, describe func(T) []any) *Inbox[T] {
	b := &Inbox[T]{handle: handle, log: log, name: name, noun: noun}
	b.work, b.stop = context.WithCancel(context.Background())
	b.q = lanes.New(b.work, b.run, lanes.Options[entry[T]]{
		Slots:   slots,
		MaxLane: maxLane,
		Skipped: func(lane string, e entry[T]) {
			msg := noun + " dropped at shutdown"
			if e.key != "" {
				msg = noun + " left for the next start"
			}
			log.Warn(msg, append([]any{"lane", lane}, describe(e.item)...)...)
		},
	})
	return b
}

// Push queues item behind the earlier inputs of lane, without keeping it
// in the store: for inputs whose loss costs nothing (an unknown button's
// spinner, a refresh of what a platform shows). A flood is dropped (Full)
// and logged; while closing, items are refused (Closed).
func (b *Inbox[T]) Push(lane string, item T) lanes.Result {
	return b.push(lane, entry[T]{item: item})
}

func (b *Inbox[T]) push(lane string, e entry[T]) lanes.Result {
	e.lane = lane
	r := b.q.Push(lane, e)
	if r == lanes.Full {
		b.log.Warn("too many "+b.noun+"s waiting in one lane, dropped", "lane", lane)
	}
	return r
}

// Work is the context inputs are handled in: it ends only once Close has
// waited its grace period.
func (b *Inbox[T]) Work() context.Context { return b.work }

// Close refuses new inputs and waits for those queued, cutting them short
// after grace; the inputs left are logged and reported. Run closes the
// inbox itself.
func (b *Inbox[T]) Close(grace time.Duration) int {
	timer := time.AfterFunc(grace, b.stop)
	defer timer.Stop()
	n := b.q.Close()
	if b.finish != nil {
		b.finish.close()
	}
	if n > 0 {
		b.log.Warn(b.noun+"s left unhandled at shutdown", "count", n)
	}
	b.stop()
	return n
}

// Idle reports whether nothing is queued or being handled.
func (b *Inbox[T]) Idle() bool { return b.q.Idle() }
