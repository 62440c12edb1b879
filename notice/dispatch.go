package notice

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// Dispatcher delivers the notices tickets owe. A notice is recorded on its
// ticket in the same update as the change, so it survives a crash or an
// outage of a chat platform; the dispatcher sends it to every target,
// remembers each delivery (SeenStore) so that a retry never sends it twice,
// and moves the ticket's Sent mark when every target has it.
type Dispatcher struct {
	svc     *desk.Service
	seen    SeenStore
	senders []talk.Sender
	log     *slog.Logger
	wake    chan struct{}

	// Poll is how often the outbox is read when nothing wakes the
	// dispatcher; MaxBackoff bounds the wait after failures.
	Poll       time.Duration
	MaxBackoff time.Duration
	// Gather is how long a pass waits after a wake-up for more changes.
	Gather time.Duration
	// OnResult, if set, is told of every attempt (for metrics).
	OnResult func(platform string, err error)
	// Lease, if set, is asked before every pass, and every LeaseCheck
	// during a long one, whether this copy of the program may deliver:
	// with several copies on one database only the lease holder does, so
	// no two send the same notice at once. Asking renews it; LeaseCheck
	// must be well under the lease's term.
	Lease      func(ctx context.Context) (bool, error)
	LeaseCheck time.Duration
	// Unlease, if set, gives the lease back when Run stops, so that the
	// next copy (this one restarted, after a deploy) delivers at once
	// instead of waiting for the lease to run out.
	Unlease func(ctx context.Context) error

	// flushing lets one pass run at a time: two at once would both see a
	// notice undelivered and both send it.
	flushing sync.Mutex
	mu       sync.Mutex
	pending  int
	// pendingRecords are deliveries made whose record the database did
	// not take, by delivery key (see record).
	pendingRecords map[string]sent
}

// NewDispatcher returns a dispatcher over the given platforms.
func NewDispatcher(svc *desk.Service, seen SeenStore, log *slog.Logger, senders ...talk.Sender) *Dispatcher {
	return &Dispatcher{svc: svc, seen: seen, senders: senders, log: log, wake: make(chan struct{}, 1),
		Poll: 5 * time.Second, MaxBackoff: time.Minute, Gather: 50 * time.Millisecond, LeaseCheck: 30 * time.Second}
}

// Wake makes Run deliver at once; desk.Service.Changed calls it.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Pending is the number of notices owed at the last pass, for metrics.
func (d *Dispatcher) Pending() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pending
}

// Run delivers until ctx ends, backing off while deliveries fail.
func (d *Dispatcher) Run(ctx context.Context) error {
	defer d.unlease()
	failures := 0
	for {
		wait := d.Poll
		var (
			pending    int
			delivered  int
			retryAfter time.Duration
			err        error
		)
		if held, lerr := d.holdsLease(ctx); lerr != nil {
			err = lerr
		} else if held {
			pending, delivered, retryAfter, err = d.flush(ctx)
		}
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			if delivered > 0 {
				// Some notices went out in this pass: a failing target
				// must not slow the others down to one pass a minute.
				failures = 0
			}
			failures++
			wait = min(time.Second<<min(failures-1, 10), d.MaxBackoff)
			wait = max(wait, retryAfter)
			d.log.Warn("notices not delivered", "pending", pending, "retry_in", wait, "err", err)
		default:
			failures = 0
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-d.wake:
			if failures > 0 {
				// A failing platform is not retried sooner because more
				// work arrived; wait out the backoff.
				<-timer.C
			} else {
				// Changes come in bursts (a claim owes two notices, a
				// busy morning many): gather them into one pass.
				time.Sleep(d.Gather)
			}
		case <-timer.C:
		}
		timer.Stop()
	}
}

// unlease gives the lease back. ctx has ended by then; the release gets a
// few seconds of its own.
func (d *Dispatcher) unlease() {
	if d.Unlease == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := d.Unlease(ctx); err != nil {
		d.log.Warn("lease not given back; another copy waits for it to run out", "err", err)
	}
}

func (d *Dispatcher) holdsLease(ctx context.Context) (bool, error) {
	if d.Lease == nil {
		return true, nil
	}
	return d.Lease(ctx)
}

// owed is one notice waiting for delivery.
type owed struct {
	t *desk.Ticket
	n desk.Notice
}

// Flush makes one pass over the live tickets' outboxes, oldest notice
// first. A target that fails is not sent anything newer in this pass, and
// neither is the rest of that ticket's outbox, so every person gets their
// notices in order. It returns how many notices are still owed, the
// longest wait a platform asked for, and the first error.
func (d *Dispatcher) Flush(ctx context.Context) (int, time.Duration, error) {
	left, _, retry, err := d.flush(ctx)
	return left, retry, err
}

// flush is Flush, and also returns how many notices the pass delivered.
func (d *Dispatcher) flush(ctx context.Context) (int, int, time.Duration, error) {
	d.flushing.Lock()
	defer d.flushing.Unlock()
	tickets, err := d.svc.Owed(ctx)
	if err != nil {
		return 0, 0, 0, err
	}
	settings, err := d.svc.Settings(ctx)
	if err != nil {
		return 0, 0, 0, err
	}
	p := &pass{loc: settings.Location(), users: map[string]*desk.User{}, blocked: map[string]bool{}}
	var queue []owed
	for _, t := range tickets {
		for _, n := range t.Outbox[min(t.Sent, len(t.Outbox)):] {
			queue = append(queue, owed{t, n})
		}
	}
	// Urgent tickets' notices go first (their posts head the dispatch
	// chat's new ones), each ticket's in order.
	slices.SortStableFunc(queue, func(a, b owed) int {
		return cmp.Or(desk.ByUrgency(a.t, b.t), a.n.At.Compare(b.n.At))
	})

	blockedTicket := map[string]bool{}
	var firstErr error
	var retry time.Duration
	left := len(queue)
	leased := time.Now()
	for _, o := range queue {
		if ctx.Err() != nil {
			break
		}
		if d.Lease != nil && time.Since(leased) > d.LeaseCheck {
			// A pass slowed by a failing platform can outlast the lease;
			// another copy may hold it now and be sending the same.
			held, err := d.holdsLease(ctx)
			if err != nil || !held {
				if err != nil && firstErr == nil {
					firstErr = err
				}
				break
			}
			leased = time.Now()
		}
		if blockedTicket[o.t.ID] {
			continue
		}
		ok, wait, err := d.deliver(ctx, p, o.t, o.n)
		retry = max(retry, wait)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		if !ok {
			blockedTicket[o.t.ID] = true
			continue
		}
		if err := d.svc.MarkDelivered(ctx, o.t.ID, o.n.Seq); err != nil {
			blockedTicket[o.t.ID] = true
			if firstErr == nil {
				firstErr = fmt.Errorf("mark notice %d of %s sent: %w", o.n.Seq, o.t.Ref(), err)
			}
			continue
		}
		left--
	}
	d.mu.Lock()
	d.pending = left
	d.mu.Unlock()
	return left, len(queue) - left, retry, firstErr
}

// target is one place a notice goes, with the reader's language.
type target struct {
	sender talk.Sender
	to     talk.Target
	lang   string // "" for groups
	key    string // for the delivery record
}

// pass is what one Flush learns as it goes.
type pass struct {
	loc     *time.Location
	users   map[string]*desk.User // read once per pass
	blocked map[string]bool       // targets that failed in this pass
	// queues are the dispatch queues, read when first needed (dispatchRoom).
	queues     []desk.Queue
	queuesRead bool
}

// deliver sends n to all its targets; ok when every one has it.
func (d *Dispatcher) deliver(ctx context.Context, p *pass, t *desk.Ticket, n desk.Notice) (bool, time.Duration, error) {
	blocked := p.blocked
	targets, err := d.targets(ctx, p, t, n)
	if err != nil {
		return false, 0, err
	}
	ok := true
	var wait time.Duration
	var firstErr error
	posts := &postsOf{svc: d.svc, ticket: t.ID}
	for _, tg := range targets {
		if blocked[tg.key] {
			ok = false
			continue
		}
		key := "notice:" + t.ID + ":" + strconv.Itoa(n.Seq) + ":" + tg.key
		if done, err := d.seen.Seen(ctx, key); err != nil || done {
			if err != nil {
				return false, 0, err
			}
			continue
		}
		rec, sentBefore := d.unrecorded(key)
		var err error
		if !sentBefore {
			view := noticeView{lang: tg.lang, loc: p.loc}
			msg := view.Render(t, n)
			rec.posts, err = d.send(ctx, n, tg, msg, func() talk.Message { return view.Line(t, n) }, posts)
			if err == nil {
				err = d.settle(ctx, n, tg, msg, posts)
			}
			if d.OnResult != nil {
				d.OnResult(tg.sender.Platform(), err)
			}
		}
		switch {
		case errors.Is(err, talk.ErrUndeliverable) && tg.to.Chat != "":
			// A group chat that refuses the bot must not swallow what
			// somebody has to act on: reach them one by one instead.
			d.log.Warn("group chat unreachable; its people are told privately", "ticket", t.ID, "seq", n.Seq, "chat", tg.key, "err", err)
			err = d.around(ctx, p, t, n, tg)
		case errors.Is(err, talk.ErrUndeliverable):
			d.log.Warn("notice dropped", "ticket", t.ID, "seq", n.Seq, "target", tg.key, "err", err)
			err = nil
		case err == nil && tg.to.Chat != "":
			d.svc.ChatReachable(tg.to.Chat)
		}
		if err != nil {
			ok = false
			blocked[tg.key] = true
			if w, has := talk.RetryAfter(err); has {
				wait = max(wait, w)
			}
			if firstErr == nil {
				firstErr = fmt.Errorf("notice %d of %s to %s: %w", n.Seq, t.Ref(), tg.key, err)
			}
			continue
		}
		if err := d.record(ctx, t.ID, key, rec); err != nil {
			return false, wait, err
		}
	}
	return ok, wait, firstErr
}

// sent is a delivery made whose record is not yet written: the posts to
// remember, if the notice made any.
type sent struct{ posts []desk.Post }

// record writes what a delivery leaves behind: the post later notices
// change, and the mark that it was made. When the database fails between
// the send and its record, the delivery is kept in memory and the retry
// records it without sending again, so an outage of the database does not
// post a notice twice.
func (d *Dispatcher) record(ctx context.Context, ticket, key string, rec sent) error {
	for i, p := range rec.posts {
		if err := d.svc.RecordPost(ctx, ticket, p); err != nil {
			// The posts before it are recorded; a retry records the rest.
			d.keep(key, sent{posts: rec.posts[i:]})
			return err
		}
	}
	if _, err := d.seen.FirstTime(ctx, key); err != nil {
		d.keep(key, sent{})
		return err
	}
	d.mu.Lock()
	delete(d.pendingRecords, key)
	d.mu.Unlock()
	return nil
}

// keep remembers a delivery whose record failed.
func (d *Dispatcher) keep(key string, rec sent) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pendingRecords == nil {
		d.pendingRecords = map[string]sent{}
	}
	d.pendingRecords[key] = rec
}

// unrecorded returns a delivery made earlier whose record failed.
func (d *Dispatcher) unrecorded(key string) (sent, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	rec, ok := d.pendingRecords[key]
	return rec, ok
}

// send posts a notice, or edits the earlier posts it replaces: a claim
// changes every copy of the dispatch post, on every platform, to "claimed
// by …"; a review changes the supervisors' request post.
//
// In a group chat the ticket's first post there heads its thread: a new
// post goes in that thread, and an edit is told in it too, as a line
// (line), so that the group reads one thread per ticket. A notice that is
// only a line (desk.Notice.Threaded) is not said where there is no thread.
//
// It returns the posts to record: the one a notice makes
// (desk.Notice.Makes), and any line of a thread.
func (d *Dispatcher) send(ctx context.Context, n desk.Notice, tg target, msg talk.Message, line func() talk.Message, recorded *postsOf) ([]desk.Post, error) {
	group := tg.to.Chat != ""
	var head *desk.Post
	if group {
		var err error
		if head, err = recorded.head(ctx, tg.to.Chat); err != nil {
			return nil, err
		}
	}
	to := tg.to
	if head != nil {
		to.ReplyTo = head.MessageID
	}
	if kind := n.Edits(); kind != "" {
		posts, err := recorded.in(ctx, kind, tg.to.Chat)
		if err != nil {
			return nil, err
		}
		answers := kind == desk.PostReview || kind == desk.PostUrgent
		if answers && len(posts) > 1 {
			// Each request has its own post; a review answers the
			// latest, and the earlier posts keep their own answers.
			posts = posts[len(posts)-1:]
		}
		edited := false
		for _, p := range posts {
			err := tg.sender.Edit(ctx, p.Chat, p.MessageID, msg)
			if err != nil && !errors.Is(err, talk.ErrUndeliverable) {
				return nil, err
			}
			edited = edited || err == nil
		}
		if edited && head != nil {
			return d.sendLine(ctx, tg, to, line())
		}
		if edited || (answers && len(posts) == 0) {
			return nil, nil
		}
		// No post to change on this chat, or none that can still be
		// changed (deleted from the group, or from before the web chat's
		// restart): say it anew, or the chat never hears of the claim.
	} else if group && head == nil && n.Threaded() {
		return nil, nil
	}
	id, err := tg.sender.Send(ctx, to, msg)
	if err != nil {
		return nil, err
	}
	if !group || id == "" {
		return nil, nil
	}
	kind := n.Makes()
	if kind == "" {
		kind = desk.PostLine
	}
	return []desk.Post{{Kind: kind, Chat: tg.to.Chat, MessageID: id}}, nil
}

// sendLine adds a line to a ticket's thread and returns it to record.
func (d *Dispatcher) sendLine(ctx context.Context, tg target, to talk.Target, msg talk.Message) ([]desk.Post, error) {
	id, err := tg.sender.Send(ctx, to, msg)
	if err != nil || id == "" {
		return nil, err
	}
	return []desk.Post{{Kind: desk.PostLine, Chat: tg.to.Chat, MessageID: id}}, nil
}

// settle changes the posts a notice makes stale (desk.Notice.Settles) in
// the supervisors' chat of the platform it was just delivered on, to what
// the notice says, without buttons.
func (d *Dispatcher) settle(ctx context.Context, n desk.Notice, tg target, msg talk.Message, recorded *postsOf) error {
	kind, room := n.Settles(), tg.sender.SupervisorChat()
	if kind == "" || room == "" {
		return nil
	}
	posts, err := recorded.in(ctx, kind, room)
	if err != nil {
		return err
	}
	settled := talk.Message{Text: msg.Text}
	for _, p := range posts {
		if err := tg.sender.Edit(ctx, p.Chat, p.MessageID, settled); err != nil && !errors.Is(err, talk.ErrUndeliverable) {
			return err
		}
	}
	return nil
}

// postsOf reads a ticket's recorded posts once per notice, when one of its
// targets first needs them: they are recorded after the ticket was loaded
// for the pass, when the notices that made them were delivered.
type postsOf struct {
	svc    *desk.Service
	ticket string
	posts  []desk.Post
	read   bool
}

// load reads the posts once.
func (p *postsOf) load(ctx context.Context) error {
	if !p.read {
		all, err := p.svc.Posts(ctx, p.ticket)
		if err != nil {
			return err
		}
		p.posts, p.read = all, true
	}
	return nil
}

// head returns the ticket's first post in chat, which heads its thread
// there, or nil when it has none yet.
func (p *postsOf) head(ctx context.Context, chat string) (*desk.Post, error) {
	if err := p.load(ctx); err != nil {
		return nil, err
	}
	for i := range p.posts {
		if p.posts[i].Chat == chat {
			return &p.posts[i], nil
		}
	}
	return nil, nil
}

// in returns the posts of a kind in one chat.
func (p *postsOf) in(ctx context.Context, kind desk.PostKind, chat string) ([]desk.Post, error) {
	if err := p.load(ctx); err != nil {
		return nil, err
	}
	var out []desk.Post
	for _, post := range p.posts {
		if post.Kind == kind && post.Chat == chat {
			out = append(out, post)
		}
	}
	return out, nil
}

// targets resolves a notice's audience to chats on the platforms.
func (d *Dispatcher) targets(ctx context.Context, p *pass, t *desk.Ticket, n desk.Notice) ([]target, error) {
	var out []target
	switch n.To {
	case desk.ToDispatch, desk.ToSupervisors:
		for _, s := range d.senders {
			var room string
			if n.To == desk.ToSupervisors {
				room = s.SupervisorChat()
			} else if r, err := d.dispatchRoom(ctx, p, t, s); err != nil {
				return nil, err
			} else {
				room = r
			}
			if room != "" {
				out = append(out, target{sender: s, to: talk.Target{Platform: s.Platform(), Chat: room}, key: room})
			}
		}
	default:
		if n.User.ID == "" {
			return nil, nil
		}
		u := p.users[n.User.ID]
		if u == nil {
			var err error
			u, err = d.svc.Recipient(ctx, n.User.ID)
			if errors.Is(err, desk.ErrNotFound) {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			p.users[n.User.ID] = u
		}
		if tg, ok := d.private(u); ok {
			out = append(out, tg)
		}
	}
	return out, nil
}

// private is a person's private chat, in their language: on the account
// they used last, or else any account on a platform that is running.
func (d *Dispatcher) private(u *desk.User) (target, bool) {
	lang := u.Lang
	if lang == "" {
		lang = i18n.Zh
	}
	for _, a := range append([]string{u.Home}, u.Accounts...) {
		if s := d.sender(desk.Platform(a)); s != nil && a != "" {
			return target{sender: s, to: talk.Target{Platform: s.Platform(), Account: a}, lang: lang, key: a}, true
		}
	}
	return target{}, false
}

func (d *Dispatcher) sender(platform string) talk.Sender {
	for _, s := range d.senders {
		if s.Platform() == platform {
			return s
		}
	}
	return nil
}
