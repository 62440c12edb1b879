package repo

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// inboxDoc is an input a chat adapter took from its platform and has not
// yet answered. The collection holds only those in hand, a few at most,
// so reading all of a platform's at start is cheap even on the embedded
// store, where the filter decodes the collection.
type inboxDoc struct {
	ID       string    `bson:"_id"` // the platform's id of the input
	Platform string    `bson:"platform"`
	Seq      int64     `bson:"seq"` // the order inputs were kept in
	At       time.Time `bson:"at"`
	Data     []byte    `bson:"data"`
}

// writeSeq orders what this process writes where the order matters (the
// inputs kept, the versions of a session), even two writes within one
// tick of the clock; from the clock, so that it goes on rising across
// restarts.
var writeSeq struct {
	sync.Mutex
	last int64
}

// raiseSeq makes the next nextSeq higher than seq, one read back from
// the store: a clock set back across a restart must not order a new
// write before an old one.
func raiseSeq(seq int64) {
	writeSeq.Lock()
	defer writeSeq.Unlock()
	writeSeq.last = max(writeSeq.last, seq)
}

func nextSeq(now time.Time) int64 {
	writeSeq.Lock()
	defer writeSeq.Unlock()
	writeSeq.last = max(now.UnixNano(), writeSeq.last+1)
	return writeSeq.last
}

// KeepAll stores inputs under the platform's ids for them, in order, in
// one command for all of them (an ordered insert, atomic per input by
// _id on every store). kept[i] is false for an input kept already: a
// second delivery of one in hand. On an error, kept covers the inputs
// before the one that failed, which are kept; that one and those after
// it are not.
func (s *Store) KeepAll(ctx context.Context, platform string, keys []string, data [][]byte) (kept []bool, err error) {
	kept = make([]bool, 0, len(keys))
	for len(kept) < len(keys) {
		from := len(kept)
		now := time.Now()
		docs := make([]any, len(keys)-from)
		for i := range docs {
			docs[i] = inboxDoc{ID: keys[from+i], Platform: platform, Seq: nextSeq(now), At: now, Data: data[from+i]}
		}
		_, err := s.c(colInbox).InsertMany(ctx, docs)
		if err == nil {
			for range docs {
				kept = append(kept, true)
			}
			s.inboxKept.Add(int64(len(docs)))
			break
		}
		// An ordered insert stops at its first failure: those before it
		// are in. After a duplicate, the rest are tried again.
		var bwe mongo.BulkWriteException
		if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) == 0 {
			return kept, fmt.Errorf("keep %s: %w", keys[from], err)
		}
		failed := bwe.WriteErrors[0]
		for range failed.Index {
			kept = append(kept, true)
		}
		s.inboxKept.Add(int64(failed.Index))
		if failed.Code != 11000 {
			return kept, fmt.Errorf("keep %s: %w", keys[from+failed.Index], err)
		}
		kept = append(kept, false)
	}
	return kept, nil
}

// Kept returns the keys and data of the platform's inputs in hand, oldest
// first: kept, and not recorded as handled. An input recorded is one a
// crash left between Finish's two commands, or, on the embedded store,
// one waiting for a bulk delete (inboxSweep); its answer went out before
// it was recorded, so it is not handed over again, and leaves the inbox.
func (s *Store) Kept(ctx context.Context, platform string) ([]string, [][]byte, error) {
	cur, err := s.c(colInbox).Find(ctx, bson.D{{Key: "platform", Value: platform}},
		options.Find().SetSort(bson.D{{Key: "seq", Value: 1}}))
	if err != nil {
		return nil, nil, fmt.Errorf("read inbox: %w", err)
	}
	var docs []inboxDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, nil, fmt.Errorf("read inbox: %w", err)
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		raiseSeq(d.Seq)
		ids[i] = d.ID
	}
	handled, err := s.recorded(ctx, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("read inbox: %w", err)
	}
	keys, data := make([]string, 0, len(docs)), make([][]byte, 0, len(docs))
	var recorded []string
	for _, d := range docs {
		if handled[d.ID] {
			recorded = append(recorded, d.ID)
			continue
		}
		keys, data = append(keys, d.ID), append(data, d.Data)
	}
	switch {
	case len(recorded) == 0:
	case s.seen != nil:
		s.sweep.add(recorded...)
	default:
		// Left if this fails: the next start leaves them out again.
		if n, err := s.dropKept(ctx, recorded); err == nil {
			s.inboxKept.Add(-n)
		}
	}
	return keys, data, nil
}

// Finish writes the sessions staged (StageSession), records the inputs
// handled as seen, then removes the inputs dropped from the inbox, and
// the handled ones too, at once or later (inboxSweep): three commands
// at most for any number of inputs. A crash between two of them leaves
// inputs both seen and kept, which Kept leaves out, or sessions written
// ahead of their inputs, which the desk knows it handled (talk.Input.Key).
// On MongoDB every command is served by the _id index.
func (s *Store) Finish(ctx context.Context, handled, dropped []string) error {
	if s.sessions != nil {
		// The sessions those inputs changed, before the inputs are gone.
		if err := s.sessions.flush(ctx, s); err != nil {
			return err
		}
	}
	if len(handled) > 0 {
		now := time.Now()
		docs := make([]any, len(handled))
		for i, k := range handled {
			docs[i] = seenDoc{ID: k, At: now}
		}
		// Unordered, so that a key seen already (an input an earlier
		// run handled and left kept) does not stop the others.
		_, err := s.c(colSeen).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
		if err != nil && onlyDuplicates(err) {
			err = nil
		}
		s.remember(now, err, handled...)
		if err != nil {
			return fmt.Errorf("record handled inputs: %w", err)
		}
	}
	keys, swept := dropped, []string(nil)
	if s.seen == nil {
		keys = append(append([]string(nil), handled...), dropped...)
	} else {
		swept = s.sweep.take(handled, s.inboxKept.Load())
		keys = append(swept, dropped...)
	}
	if len(keys) == 0 {
		return nil
	}
	n, err := s.dropKept(ctx, keys)
	if err != nil {
		s.sweep.add(swept...) // recorded all the same: the next sweep tries again
		return fmt.Errorf("drop %d inputs from the inbox: %w", len(keys), err)
	}
	s.inboxKept.Add(-n)
	return nil
}

// scanPerDelete is how many inbox documents FerretDB reads and decodes in
// the time it takes to delete one by _id in a statement of its own (its
// own transaction and sync): about five, measured.
const scanPerDelete = 5

// dropKept deletes the inputs with keys from the inbox in one command.
// With a thousand people waiting for their answers under the platform's
// pace, the embedded store's inbox holds a thousand inputs (deleteByID).
func (s *Store) dropKept(ctx context.Context, keys []string) (int64, error) {
	size := int64(0) // MongoDB: the _id index serves $in
	if s.seen != nil {
		size = s.inboxKept.Load()
	}
	return deleteByID(ctx, s, colInbox, keys, size)
}

// deleteByID deletes the documents with ids from col, which holds about
// size documents, in one command. On MongoDB (size 0), and on the
// embedded store while the collection is small, that is a delete of _id
// $in ids; but FerretDB serves only an _id equality from its index, and
// reads the whole collection for $in. In a larger collection the command
// holds one delete by _id for each id instead.
func deleteByID(ctx context.Context, s *Store, col string, ids []string, size int64) (int64, error) {
	if size <= scanPerDelete*int64(len(ids)) {
		res, err := s.c(col).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
		if err != nil {
			return 0, err
		}
		return res.DeletedCount, nil
	}
	deletes := make([]mongo.WriteModel, len(ids))
	for i, id := range ids {
		deletes[i] = mongo.NewDeleteOneModel().SetFilter(bson.D{{Key: "_id", Value: id}})
	}
	res, err := s.c(col).BulkWrite(ctx, deletes, options.BulkWrite().SetOrdered(false))
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}

// onlyDuplicates reports whether every write of a bulk write that failed
// failed for a duplicate _id.
func onlyDuplicates(err error) bool {
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) == 0 {
		return false
	}
	for _, we := range bwe.WriteErrors {
		if we.Code != 11000 {
			return false
		}
	}
	return true
}
