package conversation

import (
	"context"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// Session is one person's dialogue in one chat: which flow, which step,
// and what they have entered so far. It is plain data, stored after every
// step, so a dialogue survives a restart of the program.
type Session struct {
	ID    string `bson:"_id"` // SessionID(account, chat)
	Flow  string `bson:"flow"`
	Step  string `bson:"step"`
	Draft Draft  `bson:"draft"`
	// Paused keeps a report that another command interrupted, so the
	// person can resume it instead of starting again.
	Paused *Draft `bson:"paused,omitempty"`
	// Find is the person's last ticket search, which the buttons of its
	// pages turn (a search may be longer than a button's token holds).
	Find      string    `bson:"find,omitempty"`
	Version   int       `bson:"version"`
	UpdatedAt time.Time `bson:"updatedAt"`
}

// Draft is what a dialogue has gathered so far.
type Draft struct {
	Flow   string      `bson:"flow"` // the flow this draft belongs to (for Paused)
	Step   string      `bson:"step"`
	Report desk.Report `bson:"report"`
	// Ticket is the ticket the flow acts on (edit, cancel, suspend, …).
	Ticket string `bson:"ticket"`
	// Text, Photos and Choice hold the answers of one-off flows.
	Text   string   `bson:"text"`
	Photos []string `bson:"photos"`
	Choice string   `bson:"choice"`
	Stars  int      `bson:"stars"`
	// Profile during registration.
	Name       string `bson:"name"`
	Phone      string `bson:"phone"`
	Department string `bson:"department"`
	// Key, Op and Zone hold an admin's choices: which setting or list,
	// add or remove, which zone's buildings.
	Key  string `bson:"key"`
	Op   string `bson:"op"`
	Zone string `bson:"zone"`
	// Return is the step to go back to after changing one field from the
	// report's summary.
	Return string `bson:"return"`
}

// SessionID names the session of an account in a chat.
func SessionID(account, chat string) string { return account + "|" + chat }

// SessionStore keeps dialogue sessions.
type SessionStore interface {
	// Session returns the stored session; desk.ErrNotFound if none.
	Session(ctx context.Context, id string) (*Session, error)
	// PutSession writes s if the stored version is prev (0: none stored
	// yet), and returns desk.ErrConflict otherwise.
	PutSession(ctx context.Context, s *Session, prev int) error
}
