package edge

import (
	"log/slog"
	"runtime/debug"
)

// Caught logs r, a recovered panic, with its stack, and reports whether
// there was one. go-telegram/bot and slack-go run the adapter's code in
// goroutines of their own, where a panic would end the whole program; an
// adapter recovers at its edge and tells the person instead:
//
//	defer func() {
//		if edge.Caught(recover(), log, "panic while handling an update", "update", id) {
//			// tell the person
//		}
//	}()
func Caught(r any, log *slog.Logger, msg string, attrs ...any) bool {
	if r == nil {
		return false
	}
	log.Error(msg, append(attrs, "panic", r, "stack", string(debug.Stack()))...)
	return true
}
