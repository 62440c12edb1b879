package desk

import (
	"context"
	"errors"
	"slices"
	"time"
)

// Queues. An office with several teams splits the dispatch: tickets of
// some problem types and/or zones go to one team's chat, its technicians
// claim them and its supervisors hear first when they wait too long. A
// ticket no queue matches goes to the desk's one dispatch chat, as on a
// desk without queues.
//
// The queue a ticket goes to is decided when it is reported and written
// with it (Ticket.Queue), in the same insert: changing the queues later
// re-routes nothing already posted. Where a queue's chats are is read
// when each notice is delivered, so a queue given a new group posts there
// from then on. A removed queue's live tickets fall back to the default:
// the dispatch chat, the default pool, any technician's claim, the
// supervisors' channel.

// Queue is one team's share of the dispatch.
type Queue struct {
	ID   string `bson:"_id"` // "q1", "q2", …
	Name string `bson:"name"`
	// ProblemTypes and Zones are what the queue takes, names from the
	// catalogue; either may be empty, not both (a queue matching nothing
	// takes nothing).
	ProblemTypes []string `bson:"problemTypes"`
	Zones        []string `bson:"zones"`
	// Chats are the queue's group chats, platform-qualified as
	// talk.Target.Chat is ("telegram:-1001234567890", "slack:C0123"), at
	// most one per platform. A platform with none posts the queue's
	// tickets in its default dispatch chat, naming the queue.
	Chats []string `bson:"chats"`
	// Technicians may claim the queue's tickets; Supervisors are told
	// first when they wait too long. Person IDs.
	Technicians []string  `bson:"technicians"`
	Supervisors []string  `bson:"supervisors"`
	CreatedAt   time.Time `bson:"createdAt"`
	Version     int       `bson:"version"`
	// Input is the input that created the queue (WithInput), so that the
	// same input handed over again after a crash is given the queue
	// rather than told its name is taken.
	Input string `bson:"input,omitempty"`
}

// QueueRef names the queue a ticket was routed to, as it was named then.
type QueueRef struct {
	ID   string `bson:"id"`
	Name string `bson:"name"`
}

// ToQueueSupervisor is a notice for one supervisor of the ticket's queue
// (Notice.User), in private: the first tier of an escalation.
const ToQueueSupervisor Audience = "queue_supervisor"

// QueueStore keeps the queues, one document each.
type QueueStore interface {
	// Queues lists every queue, oldest first.
	Queues(ctx context.Context) ([]Queue, error)
	// SaveQueue writes q if the stored queue has version prev; prev 0
	// inserts it. ErrConflict otherwise (or when its ID is taken).
	SaveQueue(ctx context.Context, q Queue, prev int) error
	// DeleteQueue removes a queue; ErrNotFound if there is none.
	DeleteQueue(ctx context.Context, id string) error
}

// Specificity says how closely a queue matches a report: 3 for its
// problem type and its zone, 2 for the problem type alone, 1 for the zone
// alone, 0 for no match. A queue naming both types and zones matches only
// a report with one of each.
func (q Queue) Specificity(r Report) int {
	types, zones := len(q.ProblemTypes) > 0, len(q.Zones) > 0
	switch {
	case !types && !zones,
		types && !slices.Contains(q.ProblemTypes, r.ProblemType),
		zones && !slices.Contains(q.Zones, r.Location.Zone):
		return 0
	case types && zones:
		return 3
	case types:
		return 2
	}
	return 1
}

// Route picks the queue a report goes to: the most specific match (type
// and zone, over type, over zone), the oldest queue among equals; nil for
// the default dispatch.
func Route(qs []Queue, r Report) *Queue {
	var best *Queue
	score := 0
	for i := range qs {
		if s := qs[i].Specificity(r); s > score {
			best, score = &qs[i], s
		}
	}
	return best
}

// Chat is the queue's chat on a platform, "" when it has none there.
func (q Queue) Chat(platform string) string {
	for _, c := range q.Chats {
		if Platform(c) == platform {
			return c
		}
	}
	return ""
}

// queueOf finds a queue by ID.
func queueOf(qs []Queue, id string) *Queue {
	i := slices.IndexFunc(qs, func(q Queue) bool { return q.ID == id })
	if i < 0 {
		return nil
	}
	return &qs[i]
}

// LiveQueue is the queue a ticket was routed to, if it still exists.
func LiveQueue(qs []Queue, t *Ticket) *Queue {
	if t.Queue == nil {
		return nil
	}
	return queueOf(qs, t.Queue.ID)
}

// queueStore is where the queues are kept: the config store, when it
// keeps them (repo.Store does). A desk over a store without them has no
// queues: everything goes to the default dispatch.
func (s *Service) queueStore() QueueStore {
	qs, _ := s.config.(QueueStore)
	return qs
}

// Queues lists the queues, oldest first.
func (s *Service) Queues(ctx context.Context) ([]Queue, error) {
	st := s.queueStore()
	if st == nil {
		return nil, nil
	}
	return st.Queues(ctx)
}

// routeOf is the queue a new report goes to, recorded on the ticket so
// that the ticket and its routing are one insert; nil for the default
// dispatch.
func (s *Service) routeOf(ctx context.Context, r Report) (*QueueRef, error) {
	qs, err := s.Queues(ctx)
	if err != nil {
		return nil, err
	}
	if q := Route(qs, r); q != nil {
		return &QueueRef{ID: q.ID, Name: q.Name}, nil
	}
	return nil, nil
}

// inPoolOf keeps the pending tickets a person's /pool shows: a
// supervisor sees every ticket; a technician in queues, their queues'
// tickets; a technician in none, the default pool (tickets no live queue
// holds).
func (s *Service) inPoolOf(ctx context.Context, actor *User, ts []*Ticket) ([]*Ticket, error) {
	if actor.Is(RoleSupervisor) {
		return ts, nil
	}
	qs, err := s.Queues(ctx)
	if err != nil || len(qs) == 0 {
		return ts, err
	}
	mine := map[string]bool{}
	for i := range qs {
		if s.listsTechnician(ctx, &qs[i], actor) {
			mine[qs[i].ID] = true
		}
	}
	var out []*Ticket
	for _, t := range ts {
		q := LiveQueue(qs, t)
		if (len(mine) == 0 && q == nil) || (q != nil && mine[q.ID]) {
			out = append(out, t)
		}
	}
	return out, nil
}

// mayClaim refuses a technician's claim of a ticket whose queue they are
// not in. Supervisors claim anything; a ticket of no live queue is open
// to every technician. It is asked of the ticket as the claim's own
// conditional update read it (Service.act), and reads the queues only for
// a queued ticket, so a claim on a desk without queues costs nothing more.
func (s *Service) mayClaim(ctx context.Context, actor *User, t *Ticket) error {
	if t.Queue == nil || actor.Is(RoleSupervisor) {
		return nil
	}
	qs, err := s.Queues(ctx)
	if err != nil {
		return err
	}
	q := LiveQueue(qs, t)
	if q == nil || s.listsTechnician(ctx, q, actor) {
		return nil
	}
	return errorf(ErrForbidden, "err.not_in_queue", t.Ref(), q.Name)
}

// listsTechnician reports whether q lists actor among its technicians. A
// technician whose accounts were linked is listed as the person merged
// into (Link moves the queues' lists); one linked before Link did so is
// still listed as the person merged away. Only a queue that does not
// list actor pays for reading who its technicians are.
func (s *Service) listsTechnician(ctx context.Context, q *Queue, actor *User) bool {
	if slices.Contains(q.Technicians, actor.ID) {
		return true
	}
	for _, id := range q.Technicians {
		if u, err := s.users.User(ctx, id); err == nil && u.MergedInto == actor.ID {
			return true
		}
	}
	return false
}

// MayClaim reports whether actor may claim t as far as its queue goes,
// for offering the Claim button only to those it would serve; the claim
// itself checks again on the ticket it writes (mayClaim).
func (s *Service) MayClaim(ctx context.Context, actor *User, t *Ticket) error {
	return s.mayClaim(ctx, actor, t)
}

// QueueSupervisors maps each queue to its supervisors, for an escalation's
// first tier: those listed who are supervisors still (a person whose role
// was taken away is not asked to assign), each as the person they are now
// (a listed account may since have been linked into another).
func (s *Service) QueueSupervisors(ctx context.Context) (map[string][]string, error) {
	qs, err := s.Queues(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, q := range qs {
		var ids []string
		for _, id := range q.Supervisors {
			u, err := s.Recipient(ctx, id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if u.Is(RoleSupervisor) && !slices.Contains(ids, u.ID) {
				ids = append(ids, u.ID)
			}
		}
		if len(ids) > 0 {
			out[q.ID] = ids
		}
	}
	return out, nil
}

// notifyQueue owes a reminder to each supervisor of the ticket's queue;
// to the supervisors' channel when it has none (any more).
func (t *Ticket) notifyQueue(rule NoticeKind, sups map[string][]string, now time.Time) {
	var ids []string
	if t.Queue != nil {
		ids = sups[t.Queue.ID]
	}
	if len(ids) == 0 {
		t.notify(rule, ToSupervisors, Person{}, Person{}, "", now)
		return
	}
	for _, id := range ids {
		t.notify(rule, ToQueueSupervisor, Person{ID: id}, Person{}, "", now)
	}
}
