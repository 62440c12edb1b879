package slack

import (
	"context"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// Engine is what the adapter asks of the desk's dialogues: an answer to
// every input, and the report form, a Slack modal with every field of a
// report at once. The form goes through the dialogues like every other
// report, so that the same people may use it and the same checks apply.
type Engine interface {
	talk.Handler
	// ReportForm returns who the person of in is (their language and
	// phone fill the form) and the catalogue's choices, or an error when
	// the dialogue should answer instead: someone not registered, or
	// over the report limit.
	ReportForm(ctx context.Context, in talk.Input) (*desk.User, desk.Catalog, error)
	// CheckReport cleans a report by the dialogue's rules. A problem is a
	// *desk.Error whose message names the field.
	CheckReport(ctx context.Context, r desk.Report) (desk.Report, error)
	// Report files a checked report as the person of in and answers as
	// the report dialogue does: "Submitted … #N" and the ticket's details.
	// A report with in.Text is urgent, for that reason.
	Report(ctx context.Context, in talk.Input, r desk.Report) (talk.Response, error)
}

// Store keeps the events the adapter took from Slack until they are
// handled and answered, and remembers those handled, across restarts and
// copies of the program.
type Store interface {
	// KeepAll stores each data under its key for platform, in order;
	// kept[i] is false, storing nothing, if an event with keys[i] is
	// kept already. On an error, kept covers the events kept before it.
	KeepAll(ctx context.Context, platform string, keys []string, data [][]byte) (kept []bool, err error)
	// Kept returns the keys and data of platform's events kept and not
	// dropped, in the order they were kept.
	Kept(ctx context.Context, platform string) (keys []string, data [][]byte, err error)
	// Seen reports whether the event with key was handled before.
	Seen(ctx context.Context, key string) (bool, error)
	// Finish records the events with the keys handled as handled, then
	// removes them and those with the keys dropped from the events kept.
	Finish(ctx context.Context, handled, dropped []string) error
}
