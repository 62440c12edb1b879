package talk

import (
	"context"
	"errors"
	"time"
)

// Kind is what sort of input a person sent.
type Kind string

const (
	KindText    Kind = "text"
	KindPhoto   Kind = "photo"
	KindContact Kind = "contact" // a phone number shared with the platform's own button
	KindButton  Kind = "button"
	KindCommand Kind = "command"
	// KindReaction is an emoji put on a message in a group (Text: what
	// it asks, one of the React names; ReplyTo: the message).
	KindReaction Kind = "reaction"
)

// Reactions the desk acts on, by what they ask rather than by each
// platform's emoji names (Slack: eyes, white_check_mark, rotating_light).
const (
	ReactClaim    = "claim"    // 👀: claim the ticket
	ReactComplete = "complete" // ✅: its technician completes it
	ReactUrgent   = "urgent"   // 🚨: ask that it be made urgent
)

// Input is one thing a person did in a chat, in the same form on every
// platform.
type Input struct {
	Platform string // "telegram", "slack", "web"
	// Account is the platform account of the person: "telegram:42",
	// "slack:T1/U1", "web:alice".
	Account string
	// Chat is where it happened, platform-qualified like Account. Input
	// from a group (dispatch or supervisors) is answered in private.
	Chat  string
	Group bool
	// Background marks input the person did not send: a platform
	// refreshing what it shows them (Slack's Home tab after a change). It
	// does not make this account the one their notices go to.
	Background bool
	Lang       string // the platform's locale guess: "zh", "en" or ""
	Name       string // the platform's display name, a default for registration
	Kind       Kind
	Text       string // text, a command's arguments, or a contact's phone
	// Command is the command without its slash: "report", "start".
	Command string
	// Token is the pressed button's token.
	Token string
	// Photo is the ID of a photo the adapter already stored (PhotoStore).
	Photo string
	// MessageID is the message the pressed button was on, so that the
	// answer can replace it.
	MessageID string
	// ReplyTo, on text or a photo in a group, is the platform's id of the
	// message it answers: the thread it was written in on Slack
	// (thread_ts), the message it replies to on Telegram, the web chat's
	// thread. Staff answering a ticket's post speak of that ticket.
	ReplyTo string
	// Quote, on a "report" command, is the message the report is made
	// from (a Slack message shortcut or 🎫 reaction, a Telegram /report
	// sent in reply): its words and pictures fill the report.
	Quote *Quote
	// Key names the input for good: the platform's own id of the update
	// or event it came in ("telegram:update:42"), "" when it has none.
	// An adapter hands an input over again after a crash cut its
	// handling short; the desk records the key with the input's effect,
	// so that it acts once and answers again.
	Key string
	// StartLink is a link that opens this desk on the platform with a
	// start payload appended ("https://t.me/<bot>?start="); empty where
	// the platform has none. Printed room codes are such links.
	StartLink string
}

// Quote is a message somebody wrote, taken into a report.
type Quote struct {
	Text   string
	Photos []string // photo IDs the adapter already stored
}

// Button is one button. Token is at most MaxToken bytes.
type Button struct {
	Label string `bson:"label" json:"label"`
	Token string `bson:"token" json:"token"`
}

// Row is one row of buttons. It is a struct, not a slice, because the
// embedded store refuses arrays directly inside arrays.
type Row struct {
	Buttons []Button `bson:"buttons" json:"buttons"`
}

// MaxToken is the longest button token: Telegram's callback data limit.
const MaxToken = 64

// Message is one message the desk sends, before a platform renders it.
// Sessions keep the last answer's messages, and notices theirs: what a
// message leaves empty is left out of the stored document.
type Message struct {
	Text   string   `json:"text"`
	Rows   []Row    `json:"rows,omitempty" bson:"rows,omitempty"`
	Photos []string `json:"photos,omitempty" bson:"photos,omitempty"` // photo IDs
	// Edit asks to replace the message whose button was pressed, where
	// the platform can; otherwise the message is sent anew.
	Edit bool `json:"edit,omitempty" bson:"edit,omitempty"`
	// Phones are phone numbers that appear in Text, so that a platform
	// that does not make them tappable by itself can (Slack: a tel: link;
	// Telegram's apps link them in plain text on their own).
	Phones []string `json:"phones,omitempty" bson:"phones,omitempty"`
	// AskContact asks for the platform's "share my phone" button.
	AskContact bool `json:"askContact,omitempty" bson:"askcontact,omitempty"`
	// Form, on a question that wants one free text, lets a platform with
	// forms ask it in one (a Slack modal) instead of in the chat.
	Form *Form `json:"form,omitempty" bson:"form,omitempty"`
	// File, on a message to a person's private chat, is a file sent
	// with it (the text first): a Telegram document, a Slack file, a
	// download in the web chat.
	File *File `json:"file,omitempty" bson:"file,omitempty"`
}

// Form is a question that wants one free text, in the shape of a form
// with one field. The answer comes back as an Input of KindText whose
// Token is the form's Token; closing the form without an answer comes
// back as a press (KindButton) of that Token, which abandons the
// dialogue. A form that belongs to an earlier question changes nothing.
type Form struct {
	Token    string `json:"token"`
	Title    string `json:"title"`  // short: Slack allows 24 characters
	Label    string `json:"label"`  // the question itself
	Submit   string `json:"submit"` // the send button's label
	Limit    int    `json:"limit"`  // the most characters the answer may have
	Optional bool   `json:"optional,omitempty"`
	// Lang is the language of the texts, for what the platform adds
	// (a close button, a word beside an empty field).
	Lang string `json:"lang"`
}

// Response is the desk's answer to one Input: messages for the person's
// private chat and, for a button press, a short toast.
type Response struct {
	Toast    string
	Messages []Message
}

// Target is where a notice goes: a chat (group, channel, DM) on one
// platform, or the private chat of a platform account.
type Target struct {
	Platform string
	Chat     string // platform-qualified chat, or "" to use Account
	Account  string
	// ReplyTo, in a group chat, is the platform's id of the message to
	// answer: the ticket's first post there, whose thread (Slack) or
	// replies (Telegram, the web chat) gather everything about it. ""
	// for a message of its own.
	ReplyTo string
}

// Sender is what a platform adapter offers the dispatcher.
type Sender interface {
	// Platform names the platform: "telegram", "slack", "web".
	Platform() string
	// Send delivers msg and returns the new message's ID.
	Send(ctx context.Context, to Target, msg Message) (string, error)
	// Edit replaces an earlier message.
	Edit(ctx context.Context, chat, messageID string, msg Message) error
	// DispatchChat and SupervisorChat are the platform's group chats, ""
	// when not configured.
	DispatchChat() string
	SupervisorChat() string
}

// RetryAfter returns how long a platform asked to wait before trying
// again, when err says so (Telegram's retry_after, Slack's Retry-After).
func RetryAfter(err error) (time.Duration, bool) {
	var ra interface{ RetryAfter() time.Duration }
	if errors.As(err, &ra) {
		return ra.RetryAfter(), true
	}
	return 0, false
}

// RateLimited is an error that carries the wait a platform asked for.
type RateLimited struct {
	Wait time.Duration
	Err  error
}

func (e *RateLimited) Error() string             { return "rate limited: retry after " + e.Wait.String() }
func (e *RateLimited) RetryAfter() time.Duration { return e.Wait }
func (e *RateLimited) Unwrap() error             { return e.Err }

// ErrUndeliverable marks a send that can never succeed (the chat is gone,
// the bot was removed, the message to edit no longer exists). Adapters
// wrap such errors with it; the dispatcher logs and drops the notice for
// that target instead of retrying it for ever. Any other error is retried.
var ErrUndeliverable = errors.New("undeliverable")

// Handler is what a platform adapter calls for every input.
type Handler interface {
	Handle(ctx context.Context, in Input) (Response, error)
}
