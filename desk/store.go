package desk

import (
	"context"
	"time"
)

// TicketStore keeps tickets. Live tickets (open, or final and not yet
// archived) are kept apart from archived ones, so that what a conditional
// update or a sweep reads stays small however long the desk has run.
type TicketStore interface {
	// NextNumber returns a ticket number no other call has returned.
	NextNumber(ctx context.Context) (int64, error)
	// NumberFor returns the number reserved for key, reserving the next
	// one (as NextNumber) the first time key is asked for, so that work
	// repeated after a crash gets the number it got before. fresh says
	// this call reserved it: no ticket can have it yet.
	NumberFor(ctx context.Context, key string) (n int64, fresh bool, err error)
	// Create inserts a new ticket; ErrConflict if its ID exists.
	Create(ctx context.Context, t *Ticket) error
	// Get returns the ticket, live or archived; ErrNotFound if none has the ID.
	Get(ctx context.Context, id string) (*Ticket, error)
	// Update writes t if the stored ticket still has version prev, and
	// returns ErrConflict otherwise. It never writes Sent or Posts, which
	// the dispatcher owns.
	Update(ctx context.Context, t *Ticket, prev int) error
	// Live lists live tickets matching f, oldest first.
	Live(ctx context.Context, f Filter) ([]*Ticket, error)
	// Recent lists a person's newest tickets as requester, live and
	// archived, newest first.
	Recent(ctx context.Context, userID string, limit int) ([]*Ticket, error)
	// Archive moves a final ticket out of the live collection. Repeating
	// it is harmless.
	Archive(ctx context.Context, id string) error
	// MoveArchived gives the archived tickets of one person to another
	// (Reassign) and lists them under the other. Repeating it is harmless.
	MoveArchived(ctx context.Context, from, to string) error
	// MarkSent records that the ticket's notices before n were delivered;
	// ErrConflict if Sent is not from.
	MarkSent(ctx context.Context, id string, from, n int) error
	// AddPost records a post about the ticket: kept on the ticket
	// (Posts) for the notices that change it, and found again by its
	// message (PostTicket). A PostLine is only found again, never
	// changed, so it is not kept on the ticket.
	AddPost(ctx context.Context, id string, p Post) error
	// PostTicket returns the ticket a recorded post (AddPost) is about,
	// live or archived; ErrNotFound if no ticket recorded it.
	PostTicket(ctx context.Context, chat, messageID string) (string, error)
	// Totals returns counts and sums over archived tickets, for stats.
	Totals(ctx context.Context) (Totals, error)
	// Archived lists the archived tickets that became final (ClosedAt)
	// at or after from and before to, in no set order. It must not read
	// the whole archive: the weekly chart asks for a week at a time.
	Archived(ctx context.Context, from, to time.Time) ([]*Ticket, error)
	// History calls f with archived tickets closed at or after since (all
	// of them if since is zero), those closed last first, until f returns
	// false. The tickets hold what reports and searches read: not their
	// outbox, posts, replies, photos or reminders, and of their history
	// only the first claim. If q is not nil, tickets that q cannot match
	// (Query.Matches) may be left out.
	History(ctx context.Context, since time.Time, q *Query, f func(*Ticket) bool) error
}

// Filter selects live tickets. Empty fields match everything.
type Filter struct {
	States     []State
	Requester  string
	Technician string
}

// Totals sums up archived tickets.
type Totals struct {
	Completed int
	Cancelled int
	WaitSum   time.Duration // over completed tickets
	RepairSum time.Duration // over completed tickets
	Rated     int
	StarsSum  int
}

// UserStore keeps people and the platform accounts that reach them.
type UserStore interface {
	// User returns ErrNotFound if no user has the ID.
	User(ctx context.Context, id string) (*User, error)
	// ByAccount returns ErrNotFound if no user has the account.
	ByAccount(ctx context.Context, account string) (*User, error)
	// CreateUser inserts u and links its accounts; ErrConflict if one of
	// the accounts already belongs to someone.
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser writes u if the stored user still has version prev;
	// ErrConflict otherwise.
	UpdateUser(ctx context.Context, u *User, prev int) error
	// Link adds an account to a user; ErrConflict if it belongs to another.
	Link(ctx context.Context, userID, account string) error
	// Staff lists every user holding any role.
	Staff(ctx context.Context) ([]*User, error)
	// PutLinkCode stores a one-time code that links another account to
	// userID until the given time.
	PutLinkCode(ctx context.Context, code, userID string, until time.Time) error
	// TakeLinkCode marks the code taken by taker and returns its user;
	// ErrNotFound if there is no such code, it ran out, or someone else
	// took it. The same taker (not empty) taking it again gets its user
	// again.
	TakeLinkCode(ctx context.Context, code, taker string, now time.Time) (string, error)
	// MoveAccount points an account at another user.
	MoveAccount(ctx context.Context, account, userID string) error
	// UnlinkAccount removes the account's pointer if it names userID, so
	// that the account can be given to a new user; no error if it does not.
	UnlinkAccount(ctx context.Context, account, userID string) error
	// People lists the registered users whose name, phone or department
	// contains text (any case), every registered user for empty text; at
	// most limit of them, in no particular order.
	People(ctx context.Context, text string, limit int) ([]*User, error)
}

// ConfigStore keeps settings, catalogues and the FAQ.
type ConfigStore interface {
	// Settings returns the stored settings, or the defaults if none are.
	Settings(ctx context.Context) (Settings, error)
	// SaveSettings writes s if the stored version is prev; ErrConflict otherwise.
	SaveSettings(ctx context.Context, s Settings, prev int) error
	Catalog(ctx context.Context) (Catalog, error)
	SaveCatalog(ctx context.Context, c Catalog, prev int) error
	Articles(ctx context.Context) ([]Article, error)
	// SaveArticle inserts or replaces an article by ID.
	SaveArticle(ctx context.Context, a Article) error
	// DeleteArticle returns ErrNotFound if no article has the ID.
	DeleteArticle(ctx context.Context, id string) error
}

// PhotoStore keeps photos, so that a photo sent on one platform can be
// shown on another.
type PhotoStore interface {
	// PutPhoto stores data and returns its ID.
	PutPhoto(ctx context.Context, data []byte, mime string) (string, error)
	// Photo returns ErrNotFound if no photo has the ID.
	Photo(ctx context.Context, id string) ([]byte, string, error)
}
