package desk

import (
	"context"
	"time"
)

// Audience is who a notice is for.
type Audience string

const (
	ToRequester   Audience = "requester"   // the ticket's requester
	ToTechnician  Audience = "technician"  // the person in Notice.User
	ToDispatch    Audience = "dispatch"    // the technicians' dispatch chats
	ToSupervisors Audience = "supervisors" // the supervisors' channels
)

// Notice is one message a ticket owes somebody because something happened.
// It is recorded in the same update that changes the ticket (Ticket.Outbox),
// so a notice cannot be lost between the change and its delivery.
type Notice struct {
	Seq    int       `bson:"seq"`  // position in the ticket's outbox
	Kind   string    `bson:"kind"` // an Action, or a reminder rule's name
	To     Audience  `bson:"to"`
	User   Person    `bson:"user"`  // the recipient for ToRequester and ToTechnician
	Actor  Person    `bson:"actor"` // who caused it
	Note   string    `bson:"note"`
	At     time.Time `bson:"at"`
	Ticket string    `bson:"-"` // filled on delivery
}

// Notifier delivers notices. A platform adapter implements it for the
// chats it serves.
type Notifier interface {
	// Notify delivers n about t. An error means "try again later"; the
	// dispatcher retries with backoff.
	Notify(ctx context.Context, t *Ticket, n Notice) error
}

// notify appends a notice to t's outbox.
func (t *Ticket) notify(kind string, to Audience, user, actor Person, note string, at time.Time) {
	t.Outbox = append(t.Outbox, Notice{
		Seq: len(t.Outbox), Kind: kind, To: to, User: user, Actor: actor, Note: note, At: at,
	})
}
