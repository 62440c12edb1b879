package desk

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
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

// route records on a new ticket the queue its report goes to, before it
// is written, so the ticket and its routing are one insert.
func (s *Service) route(ctx context.Context, t *Ticket) error {
	qs, err := s.Queues(ctx)
	if err != nil {
		return err
	}
	if q := Route(qs, t.Report); q != nil {
		t.Queue = &QueueRef{ID: q.ID, Name: q.Name}
	}
	return nil
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
	for _, q := range qs {
		if slices.Contains(q.Technicians, actor.ID) {
			mine[q.ID] = true
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
	if q := LiveQueue(qs, t); q != nil && !slices.Contains(q.Technicians, actor.ID) {
		return errorf(ErrForbidden, "err.not_in_queue", t.Ref(), q.Name)
	}
	return nil
}

// MayClaim reports whether actor may claim t as far as its queue goes,
// for offering the Claim button only to those it would serve; the claim
// itself checks again on the ticket it writes (mayClaim).
func (s *Service) MayClaim(ctx context.Context, actor *User, t *Ticket) error {
	return s.mayClaim(ctx, actor, t)
}

// QueueSupervisors maps each queue to its supervisors, for an escalation's
// first tier.
func (s *Service) QueueSupervisors(ctx context.Context) (map[string][]string, error) {
	qs, err := s.Queues(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, q := range qs {
		if len(q.Supervisors) > 0 {
			out[q.ID] = q.Supervisors
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

// QueueEdit is an admin's change to a queue.
type QueueEdit func(q *Queue, c Catalog) error

// AddQueue creates a queue with a name and nothing else: an admin then
// gives it what it takes, its chats and its people (EditQueue). Until it
// matches something it takes no ticket.
func (s *Service) AddQueue(ctx context.Context, actor *User, name string) (Queue, error) {
	if err := requireAdmin(actor); err != nil {
		return Queue{}, err
	}
	st := s.queueStore()
	if st == nil {
		return Queue{}, errorf(ErrInvalid, "err.forbidden")
	}
	name, err := CleanText(name, MaxShort, true)
	if err != nil {
		return Queue{}, err
	}
	for range updateRetries {
		qs, err := st.Queues(ctx)
		if err != nil {
			return Queue{}, err
		}
		if err := nameFree(qs, "", name); err != nil {
			return Queue{}, err
		}
		q := Queue{ID: nextQueueID(qs), Name: name, ProblemTypes: []string{}, Zones: []string{}, Chats: []string{},
			Technicians: []string{}, Supervisors: []string{}, CreatedAt: s.Now(), Version: 1}
		err = st.SaveQueue(ctx, q, 0)
		if errors.Is(err, ErrConflict) {
			continue // another admin took the ID
		}
		return q, err
	}
	return Queue{}, errorf(ErrConflict, "err.busy")
}

// nextQueueID is one more than the highest queue number in use.
func nextQueueID(qs []Queue) string {
	n := 0
	for _, q := range qs {
		if k, err := strconv.Atoi(strings.TrimPrefix(q.ID, "q")); err == nil && k > n {
			n = k
		}
	}
	return "q" + strconv.Itoa(n+1)
}

func nameFree(qs []Queue, id, name string) error {
	for _, q := range qs {
		if q.ID != id && strings.EqualFold(q.Name, name) {
			return errorf(ErrConflict, "err.queue_exists", name)
		}
	}
	return nil
}

// EditQueue changes a queue with edit and writes it back if nobody
// changed it meanwhile; otherwise it reads it again and edits again.
func (s *Service) EditQueue(ctx context.Context, actor *User, id string, edit QueueEdit) (Queue, error) {
	if err := requireAdmin(actor); err != nil {
		return Queue{}, err
	}
	st := s.queueStore()
	if st == nil {
		return Queue{}, errorf(ErrNotFound, "err.no_queue")
	}
	for range updateRetries {
		qs, err := st.Queues(ctx)
		if err != nil {
			return Queue{}, err
		}
		cat, err := s.config.Catalog(ctx)
		if err != nil {
			return Queue{}, err
		}
		q := queueOf(qs, id)
		if q == nil {
			return Queue{}, errorf(ErrNotFound, "err.no_queue")
		}
		prev := q.Version
		if err := edit(q, cat); err != nil {
			return Queue{}, err
		}
		if err := nameFree(qs, q.ID, q.Name); err != nil {
			return Queue{}, err
		}
		q.Version = prev + 1
		err = st.SaveQueue(ctx, *q, prev)
		if errors.Is(err, ErrConflict) {
			continue
		}
		return *q, err
	}
	return Queue{}, errorf(ErrConflict, "err.busy")
}

// RemoveQueue deletes a queue. Its live tickets keep its name but fall
// back to the default dispatch (see the top of this file).
func (s *Service) RemoveQueue(ctx context.Context, actor *User, id string) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	st := s.queueStore()
	if st == nil {
		return errorf(ErrNotFound, "err.no_queue")
	}
	if err := st.DeleteQueue(ctx, id); errors.Is(err, ErrNotFound) {
		return errorf(ErrNotFound, "err.no_queue")
	} else if err != nil {
		return err
	}
	return nil
}

// RenameQueue gives the queue a new name. Tickets routed to it keep the
// name they were routed under.
func RenameQueue(name string) QueueEdit {
	return func(q *Queue, _ Catalog) error {
		n, err := CleanText(name, MaxShort, true)
		if err == nil {
			q.Name = n
		}
		return err
	}
}

// ToggleProblemType adds a problem type of the catalogue to what the
// queue takes, or takes it off again.
func ToggleProblemType(name string) QueueEdit {
	return func(q *Queue, c Catalog) error {
		if !slices.Contains(q.ProblemTypes, name) && !slices.Contains(c.ProblemTypes, name) {
			return errorf(ErrInvalid, "err.no_entry", name)
		}
		q.ProblemTypes = toggle(q.ProblemTypes, name)
		return nil
	}
}

// ToggleZone adds a zone of the catalogue to what the queue takes, or
// takes it off again.
func ToggleZone(name string) QueueEdit {
	return func(q *Queue, c Catalog) error {
		if !slices.Contains(q.Zones, name) && !slices.Contains(zoneNames(c.Zones), name) {
			return errorf(ErrInvalid, "err.no_entry", name)
		}
		q.Zones = toggle(q.Zones, name)
		return nil
	}
}

func toggle(l []string, v string) []string {
	if slices.Contains(l, v) {
		return slices.DeleteFunc(slices.Clone(l), func(x string) bool { return x == v })
	}
	return append(slices.Clone(l), v)
}

// Chat ids as the platforms give them: a Telegram group is a negative
// number (a positive one is a person's private chat), a Slack channel an
// upper-case id starting with C (public) or G (private).
var (
	telegramChatID = regexp.MustCompile(`^-[0-9]{1,20}$`)
	slackChannelID = regexp.MustCompile(`^[CG][A-Z0-9]{2,20}$`)
)

// QueuePlatforms are the platforms whose chat a queue may name.
var QueuePlatforms = []string{"telegram", "slack"}

// SetQueueChat sets the queue's chat on a platform from the id an admin
// typed ("-1001234567890", "C0123ABC"); "-" or "" clears it.
func SetQueueChat(platform, id string) QueueEdit {
	return func(q *Queue, _ Catalog) error {
		id = strings.TrimSpace(id)
		var chat string
		switch {
		case id == "-" || id == "":
		case platform == "telegram" && telegramChatID.MatchString(id):
			chat = platform + ":" + id
		case platform == "slack" && slackChannelID.MatchString(strings.ToUpper(id)):
			chat = platform + ":" + strings.ToUpper(id)
		case platform == "telegram":
			return errorf(ErrInvalid, "err.bad_chat_telegram")
		case platform == "slack":
			return errorf(ErrInvalid, "err.bad_chat_slack")
		default:
			return errorf(ErrInvalid, "err.unknown_list", platform)
		}
		chats := slices.DeleteFunc(slices.Clone(q.Chats), func(c string) bool { return Platform(c) == platform })
		if chat != "" {
			chats = append(chats, chat)
		}
		q.Chats = chats
		return nil
	}
}

// QueueMember is which of a queue's lists of people.
type QueueMember string

const (
	MemberTechnician QueueMember = "technicians"
	MemberSupervisor QueueMember = "supervisors"
)

// SetQueueMember adds a person (add) to a queue's technicians or
// supervisors, or takes them off. Only a person with the role may be
// added: a technician who cannot claim, or a supervisor who cannot
// assign, would be told of tickets they can do nothing about.
func (s *Service) SetQueueMember(ctx context.Context, actor *User, id string, list QueueMember, personID string, add bool) (Queue, error) {
	if err := requireAdmin(actor); err != nil {
		return Queue{}, err
	}
	if add {
		u, err := s.users.User(ctx, personID)
		if err != nil {
			return Queue{}, err
		}
		role, key := RoleTechnician, "err.queue_needs_technician"
		if list == MemberSupervisor {
			role, key = RoleSupervisor, "err.queue_needs_supervisor"
		}
		if !u.Is(role) {
			return Queue{}, errorf(ErrInvalid, key, u.Name)
		}
	}
	return s.EditQueue(ctx, actor, id, func(q *Queue, _ Catalog) error {
		l := &q.Technicians
		if list == MemberSupervisor {
			l = &q.Supervisors
		} else if list != MemberTechnician {
			return errorf(ErrInvalid, "err.unknown_list", list)
		}
		if slices.Contains(*l, personID) != add {
			*l = toggle(*l, personID)
		}
		return nil
	})
}
