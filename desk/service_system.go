package desk

import (
	"context"
	"errors"
)

// The use cases below are the desk's own work, not a person's: delivering
// what tickets owe, sweeping for reminders, moving finished tickets to the
// history. They check no actor; their callers are the notices dispatcher
// and the scheduler, which act for the desk itself.

// Owed returns the live tickets that still owe notices, oldest first.
func (s *Service) Owed(ctx context.Context) ([]*Ticket, error) {
	ts, err := s.tickets.Live(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	owing := ts[:0]
	for _, t := range ts {
		if t.Sent < len(t.Outbox) {
			owing = append(owing, t)
		}
	}
	return owing, nil
}

// MarkDelivered records that notice seq of ticket id reached every target;
// ErrConflict if the notices before it are not all marked.
func (s *Service) MarkDelivered(ctx context.Context, id string, seq int) error {
	return s.tickets.MarkSent(ctx, id, seq, seq+1)
}

// RecordPost keeps a copy of a post about the ticket, for the notices that
// later change it (Notice.Edits).
func (s *Service) RecordPost(ctx context.Context, id string, p Post) error {
	return s.tickets.AddPost(ctx, id, p)
}

// Posts returns the ticket's recorded posts as stored now: a post is
// recorded after the ticket that owes a change to it was read.
func (s *Service) Posts(ctx context.Context, id string) ([]Post, error) {
	t, err := s.tickets.Get(ctx, id)
	if err != nil {
		return nil, noTicket(id, err)
	}
	return t.Posts, nil
}

// TicketOfPost returns the ticket a message in a group chat belongs to:
// a post the desk made about it, or a line of its thread. It is how a
// person answering in a ticket's thread is known to speak of it;
// ErrNotFound for any other message.
func (s *Service) TicketOfPost(ctx context.Context, chat, messageID string) (string, error) {
	if chat == "" || messageID == "" {
		return "", ErrNotFound
	}
	return s.tickets.PostTicket(ctx, chat, messageID)
}

// Recipient returns the person a notice is for; ErrNotFound if they are
// gone.
// A notice owed to a person since merged into another (Link) goes to the
// merged person.
func (s *Service) Recipient(ctx context.Context, userID string) (*User, error) {
	id, err := s.current(ctx, userID)
	if err != nil {
		return nil, err
	}
	return s.users.User(ctx, id)
}

// LiveTickets lists live tickets in the given states (all if none), oldest
// first, for the scheduler's sweeps.
func (s *Service) LiveTickets(ctx context.Context, states ...State) ([]*Ticket, error) {
	return s.tickets.Live(ctx, Filter{States: states})
}

// Archive moves a final ticket to the history. Repeating it is harmless.
func (s *Service) Archive(ctx context.Context, id string) error {
	return s.tickets.Archive(ctx, id)
}

// Known returns the person behind a platform account without creating
// anyone; ErrNotFound if the account is new to the desk.
func (s *Service) Known(ctx context.Context, account string) (*User, error) {
	return s.users.ByAccount(ctx, account)
}

// Find returns a person named by their desk ID or one of their platform
// accounts, for an admin choosing whom to change. ErrNotFound if neither.
func (s *Service) Find(ctx context.Context, actor *User, key string) (*User, error) {
	if !actor.Is(RoleAdmin) {
		return nil, errorf(ErrForbidden, "err.forbidden")
	}
	u, err := s.users.User(ctx, key)
	if errors.Is(err, ErrNotFound) {
		u, err = s.users.ByAccount(ctx, key)
	}
	return u, err
}

// Articles lists the FAQ articles.
func (s *Service) Articles(ctx context.Context) ([]Article, error) {
	return s.config.Articles(ctx)
}

// Allowed returns ticket id if actor may take action a on it now, under
// the settings the caller already holds, so that a dialogue asks for a
// reason only when the answer would be accepted.
func (s *Service) Allowed(ctx context.Context, actor *User, id string, a Action, settings Settings) (*Ticket, error) {
	t, err := s.tickets.Get(ctx, id)
	if err != nil {
		return nil, noTicket(id, err)
	}
	if err := Check(t, a, actor, s.Now(), settings); err != nil {
		return nil, err
	}
	return t, nil
}

// PutPhoto keeps a photo someone sent, so that it can be shown on every
// platform, and returns its ID.
func (s *Service) PutPhoto(ctx context.Context, data []byte, mime string) (string, error) {
	return s.photos.PutPhoto(ctx, data, mime)
}

// Photo returns a kept photo; ErrNotFound if no photo has the ID.
func (s *Service) Photo(ctx context.Context, id string) ([]byte, string, error) {
	return s.photos.Photo(ctx, id)
}

var _ PhotoStore = (*Service)(nil)
