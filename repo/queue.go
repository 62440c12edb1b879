package repo

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/desk"
)

// colQueues holds the dispatch queues, one small document each: a queue's
// lists (problem types, zones, chats, people) are arrays of strings, and
// an array of queues holding them would be arrays inside an array of
// documents, which the embedded store refuses.
const colQueues = "queues"

var _ desk.QueueStore = (*Store)(nil)

// Queues lists the queues, oldest first. They are few; all are read. The
// embedded store serves them from memory (listMemo): every report, /pool
// and sweep asks for them.
func (s *Store) Queues(ctx context.Context) ([]desk.Queue, error) {
	return s.queues.read(ctx, s.readQueues)
}

// readQueues reads the queues from the database, oldest first.
func (s *Store) readQueues(ctx context.Context) ([]desk.Queue, error) {
	found, err := findAll[desk.Queue](ctx, s.c(colQueues), bson.D{})
	if err != nil {
		return nil, err
	}
	out := make([]desk.Queue, len(found))
	for i, q := range found {
		out[i] = *q
	}
	slices.SortStableFunc(out, func(a, b desk.Queue) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return compareIDs(a.ID, b.ID)
	})
	return out, nil
}

// compareIDs orders "q2" before "q10".
func compareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// SaveQueue inserts the queue (prev 0) or replaces it if it still has
// version prev.
func (s *Store) SaveQueue(ctx context.Context, q desk.Queue, prev int) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	defer s.queues.changed()
	if prev == 0 {
		return s.insert(ctx, colQueues, q)
	}
	return s.replaceIf(ctx, colQueues, q.ID, prev, q)
}

// DeleteQueue removes the queue.
func (s *Store) DeleteQueue(ctx context.Context, id string) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	defer s.queues.changed()
	res, err := s.c(colQueues).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("delete queue %s: %w", id, err)
	}
	if res.DeletedCount == 0 {
		return desk.ErrNotFound
	}
	return nil
}

// cloneQueues copies qs deeply enough that a caller changing a queue's
// lists leaves the memory as it was.
func cloneQueues(qs []desk.Queue) []desk.Queue {
	out := make([]desk.Queue, len(qs))
	for i, q := range qs {
		q.ProblemTypes, q.Zones, q.Chats = slices.Clone(q.ProblemTypes), slices.Clone(q.Zones), slices.Clone(q.Chats)
		q.Technicians, q.Supervisors = slices.Clone(q.Technicians), slices.Clone(q.Supervisors)
		out[i] = q
	}
	return out
}
