package notice

import "context"

// SeenStore remembers things that must happen once: platform update ids
// already handled, notices already delivered to a target.
type SeenStore interface {
	// FirstTime records key and reports whether it was new. It is atomic
	// across processes sharing the database.
	FirstTime(ctx context.Context, key string) (bool, error)
	// Seen reports whether key was recorded, without recording it.
	Seen(ctx context.Context, key string) (bool, error)
}
