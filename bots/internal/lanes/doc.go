// Package lanes is the ordered work queue the chat adapters share. Work
// comes in under a key (a chat, a person); the items of one key, a lane,
// are handled one after the other in the order they came, and different
// lanes are handled side by side.
//
// A chat platform delivers a person's inputs faster than the desk answers
// them, and often out of order (Telegram's library runs each update in its
// own goroutine; Slack wants an acknowledgement within three seconds, long
// before the answer is ready). Queuing by key keeps each conversation in
// order without making one busy person wait for another.
//
// The queue is bounded in two ways: a number of slots, how many items are
// handled at once, spares the database and the platform's rate limits; and
// a maximum lane length, beyond which a lane is a flood and what comes next
// is refused rather than held. A lane's goroutine exists only while the
// lane has work, so an idle key costs nothing.
//
// Shutting down is in two steps. Close refuses new items and waits for
// those queued; when the queue's context ends (the caller's grace period is
// over) the items still waiting are not handled but skipped, each one told
// to Options.Skipped, and Close reports how many there were.
package lanes
