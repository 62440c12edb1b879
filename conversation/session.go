package conversation

import (
	"context"
	"slices"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
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
	// Done holds the keys (talk.Input.Key) of the latest inputs whose
	// effect this session records, newest last. It is written in the
	// same write as the effect, so an input handed over again after a
	// crash is known, whether the crash came before the write or after.
	Done []string `bson:"done,omitempty"`
	// Answer is the answer to the newest of them: the crash may have cut
	// its delivery short, so the same input handed over again gets it
	// again.
	Answer *Answer `bson:"answer,omitempty"`
}

// Answer is the desk's answer to one input, kept with its key.
type Answer struct {
	Key      string         `bson:"key"`
	Toast    string         `bson:"toast,omitempty"`
	Messages []talk.Message `bson:"messages"`
}

// maxDone is how many input keys a session keeps. Platforms hand over
// again only what was in flight when the program stopped, which for one
// person is the last input or two; the seen store catches anything older.
const maxDone = 16

// done reports whether the input with key already had its effect.
func (s *Session) done(key string) bool { return key != "" && slices.Contains(s.Done, key) }

// remember records that the input with key had its effect and was
// answered with resp.
func (s *Session) remember(key string, resp talk.Response) {
	s.Done = append(s.Done, key)
	if n := len(s.Done) - maxDone; n > 0 {
		s.Done = slices.Delete(s.Done, 0, n)
	}
	s.Answer = &Answer{Key: key, Toast: resp.Toast, Messages: resp.Messages}
}

// again is the answer to an input whose effect is already recorded: the
// answer given then, if it was the latest, else nothing, since a later
// answer has been given since.
func (s *Session) again(key string) talk.Response {
	if s.Answer == nil || s.Answer.Key != key {
		return talk.Response{}
	}
	return talk.Response{Toast: s.Answer.Toast, Messages: s.Answer.Messages}
}

// Draft is what a dialogue has gathered so far. It is written with the
// session at every step, so the fields a dialogue leaves empty are left
// out of the document: the store decodes and encodes less.
type Draft struct {
	Flow   string      `bson:"flow"` // the flow this draft belongs to (for Paused)
	Step   string      `bson:"step"`
	Report desk.Report `bson:"report"`
	// Ticket is the ticket the flow acts on (edit, cancel, suspend, …).
	Ticket string `bson:"ticket,omitempty"`
	// Text, Photos and Choice hold the answers of one-off flows.
	Text   string   `bson:"text,omitempty"`
	Photos []string `bson:"photos,omitempty"`
	Choice string   `bson:"choice,omitempty"`
	Stars  int      `bson:"stars,omitempty"`
	// Profile during registration.
	Name       string `bson:"name,omitempty"`
	Phone      string `bson:"phone,omitempty"`
	Department string `bson:"department,omitempty"`
	// Key, Op and Zone hold an admin's choices: which setting or list,
	// add or remove, which zone's buildings.
	Key  string `bson:"key,omitempty"`
	Op   string `bson:"op,omitempty"`
	Zone string `bson:"zone,omitempty"`
	// Shown are the keys of the list of entries last shown to pick from
	// (refOptions), in order: a number typed names the entry shown there.
	Shown []string `bson:"shown,omitempty"`
	// Page is the page of a list shown a page at a time (an admin's
	// search for a person, whose words are in Text).
	Page int `bson:"page,omitempty"`
	// Return is the step to go back to after changing one field from the
	// report's summary.
	Return string `bson:"return,omitempty"`
	// Quoted says the report's title, description and photos came from a
	// message (talk.Quote): the dialogue does not ask them.
	Quoted bool `bson:"quoted,omitempty"`
	// UrgentReason, in a report, is why the requester marked it urgent;
	// "" for a report that is not.
	UrgentReason string `bson:"urgentReason,omitempty"`
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
	// StageSession writes s as PutSession does, but the store may hold
	// the write until the platform adapter finishes the input that made
	// it (talk.Input.Key): until then the input is kept, and handed over
	// again after a crash, and the desk acts on it once whatever the
	// session says. Reads see the session at once.
	StageSession(ctx context.Context, s *Session, prev int) error
}
