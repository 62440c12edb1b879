package repo

import (
	"context"
	"errors"
	"fmt"

	"github.com/repairdesk/repairdesk/desk"
)

// numberDoc is a ticket number kept for the work that asked for it.
type numberDoc struct {
	ID string `bson:"_id"`
	N  int64  `bson:"n"`
}

// NumberFor returns the ticket number reserved for key, reserving the next
// one when key has none yet. The reservation is an insert by key, so of
// two copies asking at once one wins and both return its number; the
// loser's number is left unused.
func (s *Store) NumberFor(ctx context.Context, key string) (int64, bool, error) {
	id := "number:" + key
	var d numberDoc
	err := s.get(ctx, colCounters, id, &d)
	if err == nil {
		return d.N, false, nil
	}
	if !errors.Is(err, desk.ErrNotFound) {
		return 0, false, fmt.Errorf("number for %s: %w", key, err)
	}
	// Only a number reserved now changes what dialogues read.
	if err := s.sessionsFirst(ctx); err != nil {
		return 0, false, err
	}
	n, err := s.nextNumber(ctx)
	if err != nil {
		return 0, false, err
	}
	err = s.insert(ctx, colCounters, numberDoc{ID: id, N: n})
	if errors.Is(err, desk.ErrConflict) {
		// Another call reserved one for key meanwhile: its number holds.
		if err := s.get(ctx, colCounters, id, &d); err != nil {
			return 0, false, fmt.Errorf("number for %s: %w", key, err)
		}
		return d.N, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("number for %s: %w", key, err)
	}
	return n, true, nil
}
