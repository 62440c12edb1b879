package repo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// colHeld holds the answers a platform could not deliver yet, one
// document per person: on Telegram, answers to buttons pressed in a group
// by people who have not opened a private chat with the bot. They wait
// there, across restarts, until the person next writes to it.
const colHeld = "held"

// heldDoc is one person's held answers as stored. The answers are the
// adapter's, encoded by it into one field: they hold rows of buttons,
// and the embedded store refuses arrays inside arrays. Nothing queries
// anything but _id.
type heldDoc struct {
	ID   string    `bson:"_id"` // the platform account
	At   time.Time `bson:"at"`  // when answers were last held
	Body []byte    `bson:"body"`
}

// HoldAnswers keeps data as the answers held for account, in place of
// any held before.
func (s *Store) HoldAnswers(ctx context.Context, account string, data []byte) error {
	set := bson.D{{Key: "$set", Value: bson.D{{Key: "at", Value: time.Now()}, {Key: "body", Value: data}}}}
	if _, err := s.c(colHeld).UpdateOne(ctx, bson.D{{Key: "_id", Value: account}}, set,
		options.UpdateOne().SetUpsert(true)); err != nil {
		return fmt.Errorf("hold answers for %s: %w", account, err)
	}
	return nil
}

// HeldAnswers returns the answers held for account, nil if none.
func (s *Store) HeldAnswers(ctx context.Context, account string) ([]byte, error) {
	var d heldDoc
	err := findByID(ctx, s.c(colHeld), account, &d)
	if errors.Is(err, desk.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return d.Body, nil
}

// DropHeld forgets the answers held for account; none held is no error.
func (s *Store) DropHeld(ctx context.Context, account string) error {
	if _, err := s.c(colHeld).DeleteOne(ctx, bson.D{{Key: "_id", Value: account}}); err != nil {
		return fmt.Errorf("drop held answers of %s: %w", account, err)
	}
	return nil
}

// HeldAccounts lists the accounts that have answers held, and when
// answers were last held for each: read once at start, so that a
// message from anyone else costs no read. The collection is small (a
// few people at a time, and the adapter drops what is too old), so it
// is read whole, without the answers themselves.
func (s *Store) HeldAccounts(ctx context.Context) (accounts []string, at []time.Time, err error) {
	docs, err := findAll[heldDoc](ctx, s.c(colHeld), bson.D{},
		options.Find().SetProjection(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return nil, nil, err
	}
	for _, d := range docs {
		accounts = append(accounts, d.ID)
		at = append(at, d.At)
	}
	return accounts, at, nil
}
