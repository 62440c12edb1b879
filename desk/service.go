package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Service is the desk's use cases. Each method checks that the actor may do
// what it asks before anything changes.
type Service struct {
	tickets TicketStore
	users   UserStore
	config  ConfigStore
	photos  PhotoStore
	// Now is the clock; tests set it.
	Now func() time.Time
	// Changed, if set, is called after a change that owes notices, so a
	// dispatcher can deliver them at once instead of at its next poll.
	Changed func()

	health chatHealth
}

// NewService returns a Service over the given stores with the real clock.
func NewService(t TicketStore, u UserStore, c ConfigStore, p PhotoStore) *Service {
	return &Service{tickets: t, users: u, config: c, photos: p, Now: time.Now}
}

// updateRetries bounds how often a change is retried when the ticket moved
// underneath. A retry re-reads the ticket and checks again, so the loser of
// a race gets the true reason ("already claimed by …"), not a bare conflict.
const updateRetries = 8

// act loads ticket id, checks that actor may take action a, applies it with
// c and writes it back with one conditional update.
func (s *Service) act(ctx context.Context, id string, a Action, c change) (*Ticket, error) {
	return s.actWith(ctx, id, a, c, func(t *Ticket, c change, settings Settings) error {
		if err := Check(t, a, c.actor, c.now, settings); err != nil {
			return err
		}
		if a == ActClaim {
			return s.mayClaim(ctx, c.actor, t)
		}
		return nil
	}, func(t *Ticket, c change) { apply(t, a, c) })
}

// actWith is act with the check and the change (do) given: every action on a
// ticket, the priority's too, is written the same way. The change is
// recorded under the input that asked for it (input.go), and that input
// asking again is answered with the ticket as it is.
func (s *Service) actWith(ctx context.Context, id string, a Action, c change,
	check func(*Ticket, change, Settings) error, do func(*Ticket, change)) (*Ticket, error) {
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return nil, err
	}
	t, _, err := s.update(ctx, id, func(t *Ticket, now time.Time) (bool, error) {
		c.now = now
		if t.doneBy(ctx, a) {
			return false, nil
		}
		if err := check(t, c, settings); err != nil {
			return false, err
		}
		do(t, c)
		t.recordInput(ctx, a)
		return true, nil
	})
	if err != nil && !isDeskError(err) {
		err = fmt.Errorf("%s ticket %s: %w", a, id, err)
	}
	return t, err
}

// update reads ticket id, lets f change it, and writes it back if it has
// not changed since it was read; otherwise it reads it again and lets f
// decide again. f returns false to leave the ticket as it is. A change
// that owes notices wakes the dispatcher.
func (s *Service) update(ctx context.Context, id string, f func(t *Ticket, now time.Time) (bool, error)) (*Ticket, bool, error) {
	for range updateRetries {
		t, err := s.tickets.Get(ctx, id)
		if err != nil {
			return nil, false, noTicket(id, err)
		}
		prev, before := t.Version, len(t.Outbox)
		changed, err := f(t, s.Now())
		if err != nil || !changed {
			return t, false, err
		}
		t.Version = prev + 1
		err = s.tickets.Update(ctx, t, prev)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return nil, false, err
		}
		if len(t.Outbox) > before && s.Changed != nil {
			s.Changed()
		}
		return t, true, nil
	}
	return nil, false, errorf(ErrConflict, "err.busy")
}

func isDeskError(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

func noTicket(id string, err error) error {
	if errors.Is(err, ErrNotFound) {
		return &Error{Kind: ErrNotFound, Msg: "err.no_ticket", Args: []any{"#" + id}, Err: err}
	}
	return err
}

// Ticket returns a ticket the actor may see: their own, or any ticket for
// technicians, supervisors and admins.
func (s *Service) Ticket(ctx context.Context, actor *User, id string) (*Ticket, error) {
	t, err := s.tickets.Get(ctx, id)
	if err != nil {
		return nil, noTicket(id, err)
	}
	if !isOwner(actor, t) && !actor.Is(RoleTechnician) && !actor.Is(RoleAdmin) {
		return nil, errorf(ErrForbidden, "err.not_yours")
	}
	return t, nil
}

// Edit replaces the report of a pending ticket.
func (s *Service) Edit(ctx context.Context, actor *User, id string, r Report) (*Ticket, error) {
	cat, err := s.config.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	// The names the ticket was reported with stay valid for it after the
	// catalogue renamed or removed them (RenameCatalog); act checks that
	// actor may edit it at all.
	if t, err := s.tickets.Get(ctx, id); err == nil {
		if t.doneBy(ctx, ActEdit) {
			// Made already by this input, before a crash: its window
			// may have passed since, which must not refuse it now.
			return t, nil
		}
		cat = cat.withReported(t.Report)
	}
	if r, err = CleanReport(r, cat, s.Now()); err != nil {
		return nil, err
	}
	return s.act(ctx, id, ActEdit, change{actor: actor, report: r})
}

// Cancel withdraws a pending ticket with a reason.
func (s *Service) Cancel(ctx context.Context, actor *User, id, reason string) (*Ticket, error) {
	reason, err := CleanText(reason, MaxText, true)
	if err != nil {
		return nil, err
	}
	return s.act(ctx, id, ActCancel, change{actor: actor, text: reason})
}

// Claim gives a pending ticket to the technician who pressed first.
func (s *Service) Claim(ctx context.Context, actor *User, id string) (*Ticket, error) {
	return s.act(ctx, id, ActClaim, change{actor: actor})
}

// Assign gives a pending or claimed ticket to a technician.
func (s *Service) Assign(ctx context.Context, actor *User, id, technicianID string) (*Ticket, error) {
	tech, err := s.users.User(ctx, technicianID)
	if err != nil {
		return nil, err
	}
	if !tech.Is(RoleTechnician) {
		return nil, errorf(ErrInvalid, "err.not_technician", tech.Name)
	}
	return s.act(ctx, id, ActAssign, change{actor: actor, target: tech})
}

// Release hands a claimed job back to the pool.
func (s *Service) Release(ctx context.Context, actor *User, id, reason string) (*Ticket, error) {
	reason, err := CleanText(reason, MaxText, true)
	if err != nil {
		return nil, err
	}
	return s.act(ctx, id, ActRelease, change{actor: actor, text: reason})
}

// RequestSuspension asks supervisors to put a job on hold.
func (s *Service) RequestSuspension(ctx context.Context, actor *User, id, reason string, photos []string) (*Ticket, error) {
	reason, err := CleanText(reason, MaxText, true)
	if err != nil {
		return nil, err
	}
	if len(photos) > MaxPhotos {
		return nil, errorf(ErrInvalid, "err.too_many_photos", MaxPhotos)
	}
	return s.act(ctx, id, ActSuspend, change{actor: actor, text: reason, photos: photos})
}

// Review approves or rejects the waiting suspension request.
func (s *Service) Review(ctx context.Context, actor *User, id string, approve bool, note string) (*Ticket, error) {
	note, err := CleanText(note, MaxText, false)
	if err != nil {
		return nil, err
	}
	a := ActReject
	if approve {
		a = ActApprove
	}
	return s.act(ctx, id, a, change{actor: actor, text: note})
}

// Resume takes a suspended job up again.
func (s *Service) Resume(ctx context.Context, actor *User, id string) (*Ticket, error) {
	return s.act(ctx, id, ActResume, change{actor: actor})
}

// Complete records the repair and finishes the job.
func (s *Service) Complete(ctx context.Context, actor *User, id, repairType, result string, photos []string) (*Ticket, error) {
	cat, err := s.config.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	if !cat.HasRepairType(repairType) {
		return nil, errorf(ErrInvalid, "err.unknown_repair_type", repairType)
	}
	if result, err = CleanText(result, MaxText, true); err != nil {
		return nil, err
	}
	if len(photos) > MaxPhotos {
		return nil, errorf(ErrInvalid, "err.too_many_photos", MaxPhotos)
	}
	return s.act(ctx, id, ActComplete, change{actor: actor, rtype: repairType, text: result, photos: photos})
}

// Urge asks supervisors (and the technician) to hurry.
func (s *Service) Urge(ctx context.Context, actor *User, id string) (*Ticket, error) {
	return s.act(ctx, id, ActUrge, change{actor: actor})
}

// Reply adds a message to the ticket's thread and relays it.
func (s *Service) Reply(ctx context.Context, actor *User, id, text string, photos []string) (*Ticket, error) {
	text, err := CleanText(text, MaxText, len(photos) == 0)
	if err != nil {
		return nil, err
	}
	if len(photos) > MaxPhotos {
		return nil, errorf(ErrInvalid, "err.too_many_photos", MaxPhotos)
	}
	return s.act(ctx, id, ActReply, change{actor: actor, text: text, photos: photos})
}

// Note records an internal note among staff: what a technician or a
// supervisor writes about the ticket in its thread after "!note". The
// requester never sees it.
func (s *Service) Note(ctx context.Context, actor *User, id, text string, photos []string) (*Ticket, error) {
	text, err := CleanText(text, MaxText, len(photos) == 0)
	if err != nil {
		return nil, err
	}
	if len(photos) > MaxPhotos {
		return nil, errorf(ErrInvalid, "err.too_many_photos", MaxPhotos)
	}
	return s.act(ctx, id, ActNote, change{actor: actor, text: text, photos: photos})
}

// Rate records the requester's rating, once.
func (s *Service) Rate(ctx context.Context, actor *User, id string, stars int, comment string) (*Ticket, error) {
	if stars < 1 || stars > 5 {
		return nil, errorf(ErrInvalid, "err.bad_stars")
	}
	comment, err := CleanText(comment, MaxText, false)
	if err != nil {
		return nil, err
	}
	return s.act(ctx, id, ActRate, change{actor: actor, stars: stars, text: comment})
}

// Remind records a scheduler reminder (rule) on t, owing notice to the
// audiences given, unless it already fired under mark or no longer holds.
// mark names the rule's episode ("review_remind#2" for the second
// suspension request), so that a rule fires once per episode. due is the
// rule asked again of the ticket as it is stored now: the sweep read it
// earlier, and a claim or a rating since would make the reminder wrong.
// It reports whether the reminder was recorded.
func (s *Service) Remind(ctx context.Context, id string, rule NoticeKind, mark string, due func(*Ticket) bool, to ...Audience) (bool, error) {
	var sups map[string][]string
	if slices.Contains(to, ToQueueSupervisor) {
		var err error
		if sups, err = s.QueueSupervisors(ctx); err != nil {
			return false, err
		}
	}
	_, done, err := s.update(ctx, id, func(t *Ticket, now time.Time) (bool, error) {
		if _, done := t.Reminders[mark]; done || t.State == Cancelled || t.Archived || !due(t) {
			return false, nil
		}
		if t.Reminders == nil {
			t.Reminders = map[string]time.Time{}
		}
		t.Reminders[mark] = now
		for _, a := range to {
			if a == ToQueueSupervisor {
				t.notifyQueue(rule, sups, now)
				continue
			}
			var user Person
			switch a {
			case ToRequester:
				user = t.Requester
			case ToTechnician:
				user, _ = t.Technician()
			}
			t.notify(rule, a, user, Person{}, "", now)
		}
		t.History = append(t.History, Event{Action: ActRemind, At: now, Note: string(rule)})
		return true, nil
	})
	return done, err
}
