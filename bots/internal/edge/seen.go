package edge

import (
	"context"
	"log/slog"
)

// FirstTime records key with firstTime (a seen store's) and reports
// whether the input it names is new: a platform delivers again what it
// thinks went unanswered (after a crash, a late acknowledgement), and a
// second claim or a second report must not follow. When the record
// cannot be made the input is taken as new: without the record a
// duplicate might slip through, without an answer the person is left
// waiting.
func FirstTime(ctx context.Context, firstTime func(context.Context, string) (bool, error), key string, log *slog.Logger) bool {
	first, err := firstTime(ctx, key)
	switch {
	case err != nil:
		log.Warn("cannot record the input, handling it anyway", "key", key, "err", err)
		return true
	case !first:
		log.Debug("input already handled", "key", key)
		return false
	}
	return true
}
