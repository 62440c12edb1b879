package repo

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// sessionLog is the embedded store's way to keep sessions: each version
// of a session is a document of its own, inserted, never changed.
//
// A session changes at almost every step of a dialogue. On FerretDB an
// update reads the stored document, decodes it, applies the change,
// encodes it and writes it in a transaction of its own; an insert of
// many documents is one transaction, with nothing to read. So versions
// are inserted, all those staged since the last write in one command
// (stage, flush), and the versions a newer one replaced are deleted
// together once they are half of the collection (sweepNow), as the
// inbox's handled inputs are.
//
// This process alone opens the store's folder, so the index of which
// document holds each session's latest version, read whole at start, is
// exact; the documents themselves never change, so reading one through
// the memory of documents (cache.go) is exact too. A session stored in
// the earlier form, one document under its own id, is read as its
// version, and replaced like any other.
type sessionLog struct {
	flushing sync.Mutex // one flush at a time, so versions land in order

	mu      sync.Mutex
	latest  map[string]sessionAt  // by session id: its newest version written
	pending map[string]sessionDoc // by session id: a version staged, not yet written
	old     []string              // ids of the documents of versions replaced
	count   int                   // documents in the collection
}

// sessionAt is where a session's newest written version is.
type sessionAt struct {
	version int
	doc     string // the document's _id
	seq     int64  // the order it was written in (sessionDoc.Seq)
}

// versionDoc is the document of a session's version, written after
// every other this process wrote. Its _id is the session's id, the
// version, and that order: a version is a number the caller chooses,
// and may come again (a session put back as it was).
func versionDoc(session string, version int, body []byte) sessionDoc {
	seq := nextSeq(time.Now())
	return sessionDoc{ID: session + "@" + strconv.Itoa(version) + "." + strconv.FormatInt(seq, 36),
		Session: session, Version: version, Seq: seq, Body: body}
}

// loadSessionLog reads which document holds each session's newest
// version.
func loadSessionLog(ctx context.Context, s *Store) (*sessionLog, error) {
	cur, err := s.c(colSessions).Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "session", Value: 1}, {Key: "version", Value: 1}, {Key: "seq", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("read sessions: %w", err)
	}
	var docs []sessionDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read sessions: %w", err)
	}
	l := &sessionLog{latest: map[string]sessionAt{}, pending: map[string]sessionDoc{}, count: len(docs)}
	for _, d := range docs {
		raiseSeq(d.Seq)
		id := d.Session
		if id == "" {
			id = d.ID // the earlier form
		}
		at, ok := l.latest[id]
		switch {
		case !ok:
			l.latest[id] = sessionAt{d.Version, d.ID, d.Seq}
		case d.Seq > at.seq:
			l.old = append(l.old, at.doc)
			l.latest[id] = sessionAt{d.Version, d.ID, d.Seq}
		default:
			l.old = append(l.old, d.ID)
		}
	}
	return l, nil
}

// newest returns the newest version of session, staged or written: the
// staged document, or the _id of the written one; neither if there is
// no such session.
func (l *sessionLog) newest(session string) (staged *sessionDoc, doc string, version int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d, ok := l.pending[session]; ok {
		return &d, "", d.Version
	}
	at := l.latest[session]
	return nil, at.doc, at.version
}

// stage holds d, the session's next version, to be written by the next
// flush, if the session's newest version is prev (0: there is none);
// desk.ErrConflict if not.
func (l *sessionLog) stage(d sessionDoc, prev int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	have := l.latest[d.Session].version
	if p, ok := l.pending[d.Session]; ok {
		have = p.Version
	}
	if have != prev {
		return desk.ErrConflict
	}
	l.pending[d.Session] = d
	return nil
}

// flush writes every staged version in one insert, then deletes the
// versions they replaced when it is time (sweepNow). What fails to be
// written stays staged, for the next flush.
func (l *sessionLog) flush(ctx context.Context, s *Store) error {
	l.flushing.Lock()
	defer l.flushing.Unlock()
	l.mu.Lock()
	docs := make([]any, 0, len(l.pending))
	staged := make([]sessionDoc, 0, len(l.pending))
	for _, d := range l.pending {
		docs, staged = append(docs, d), append(staged, d)
	}
	l.mu.Unlock()
	if len(docs) > 0 {
		// Unordered, and a duplicate is no error: a version written by a
		// flush whose answer was lost is the same document.
		_, err := s.c(colSessions).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
		if err != nil && !onlyDuplicates(err) {
			return fmt.Errorf("write %d sessions: %w", len(docs), err)
		}
	}
	e, _ := s.docs.(*embeddedDocs)
	if e != nil {
		// The next step reads the version from memory. A version's
		// document never changes, so no lock orders this with a write.
		for _, d := range staged {
			if raw, err := bson.Marshal(d); err == nil {
				e.cache.put(cacheKey(colSessions, d.ID), raw)
			}
		}
	}
	l.mu.Lock()
	for _, d := range staged {
		if at, ok := l.latest[d.Session]; ok {
			l.old = append(l.old, at.doc)
		}
		l.latest[d.Session] = sessionAt{d.Version, d.ID, d.Seq}
		l.count++
		if l.pending[d.Session].ID == d.ID {
			delete(l.pending, d.Session)
		}
	}
	var old []string
	if sweepNow(int64(len(l.old)), int64(l.count)) {
		old, l.old = l.old, nil
	}
	l.mu.Unlock()
	if len(old) == 0 {
		return nil
	}
	n, err := deleteByID(ctx, s, colSessions, old, int64(l.count))
	if e != nil {
		for _, id := range old {
			e.cache.forget(cacheKey(colSessions, id))
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count -= int(n)
	if err != nil {
		// Written all the same: the next flush deletes them.
		l.old = append(l.old, old...)
	}
	return nil
}

// sessionsFirst writes the staged sessions before a change to what a
// dialogue reads (a person, a ticket, a number, the settings). A session
// staged and lost in a crash is made again by handing over its input
// once more, against the session before it; that is only the same
// dialogue if the world it reads is as it was then. So every change to
// the world waits until each step before it is written, and a crash
// hands over again only the steps since the last change, of which the
// first may be the one that made it (and acts once: talk.Input.Key).
func (s *Store) sessionsFirst(ctx context.Context) error {
	if s.sessions == nil {
		return nil
	}
	return s.sessions.flush(ctx, s)
}
