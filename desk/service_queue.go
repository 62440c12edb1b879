package desk

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// An admin's changes to the queues: each one write, a queue's version
// compared, so two admins at once cannot undo each other unseen.

// QueueEdit is an admin's change to a queue.
type QueueEdit func(q *Queue, c Catalog) error

// AddQueue creates a queue with a name and nothing else: an admin then
// gives it what it takes, its chats and its people (EditQueue). Until it
// matches something it takes no ticket. The input that created a queue
// asking again is given it.
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
		key := InputOf(ctx)
		if i := slices.IndexFunc(qs, func(q Queue) bool { return key != "" && q.Input == key }); i >= 0 {
			return qs[i], nil
		}
		if err := nameFree(qs, "", name); err != nil {
			return Queue{}, err
		}
		q := Queue{ID: nextQueueID(qs), Name: name, ProblemTypes: []string{}, Zones: []string{}, Chats: []string{},
			Technicians: []string{}, Supervisors: []string{}, CreatedAt: s.Now(), Version: 1, Input: key}
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

// SetProblemType adds a problem type of the catalogue to what the queue
// takes (on) or takes it off. It says which, rather than "the other way
// from now", so that the same press handed over again after a crash
// leaves it as asked instead of undoing it. A type the catalogue has lost
// may still be taken off.
func SetProblemType(name string, on bool) QueueEdit {
	return func(q *Queue, c Catalog) error {
		if on && !slices.Contains(q.ProblemTypes, name) && !slices.Contains(c.ProblemTypes, name) {
			return errorf(ErrInvalid, "err.no_entry", name)
		}
		q.ProblemTypes = setIn(q.ProblemTypes, name, on)
		return nil
	}
}

// SetZone adds a zone of the catalogue to what the queue takes (on) or
// takes it off, as SetProblemType.
func SetZone(name string, on bool) QueueEdit {
	return func(q *Queue, c Catalog) error {
		if on && !slices.Contains(q.Zones, name) && !slices.Contains(zoneNames(c.Zones), name) {
			return errorf(ErrInvalid, "err.no_entry", name)
		}
		q.Zones = setIn(q.Zones, name, on)
		return nil
	}
}

// setIn is l with v in it (on) or not.
func setIn(l []string, v string, on bool) []string {
	switch {
	case slices.Contains(l, v) == on:
		return l
	case on:
		return append(slices.Clone(l), v)
	}
	return slices.DeleteFunc(slices.Clone(l), func(x string) bool { return x == v })
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
		*l = setIn(*l, personID, add)
		return nil
	})
}
