package repo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Lease takes or renews the lease name for owner until ttl from now, and
// reports whether owner holds it. A lease lets exactly one of several
// running copies do something continuous, like delivering notices; if the
// holder dies, its lease runs out and another copy takes over.
//
// The update matches the lease only if owner holds it or it has run out;
// when it matches nothing, the upsert tries to insert a lease with the
// same _id, which the unique _id refuses while another copy holds it.
func (s *Store) Lease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	now := time.Now()
	filter := bson.D{{Key: "_id", Value: name}, {Key: "$or", Value: bson.A{
		bson.D{{Key: "owner", Value: owner}},
		bson.D{{Key: "until", Value: bson.D{{Key: "$lt", Value: now}}}},
	}}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "owner", Value: owner}, {Key: "until", Value: now.Add(ttl)}}}}
	_, err := s.c(colLeases).UpdateOne(ctx, filter, update, options.UpdateOne().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("lease %s: %w", name, err)
	}
	return true, nil
}

// ReleaseLease gives up the lease name if owner holds it, so that another
// copy (or this one, restarted) may take it at once instead of waiting for
// it to run out. Releasing a lease held by someone else changes nothing.
func (s *Store) ReleaseLease(ctx context.Context, name, owner string) error {
	filter := bson.D{{Key: "_id", Value: name}, {Key: "owner", Value: owner}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "until", Value: time.Time{}}}}}
	if _, err := s.c(colLeases).UpdateOne(ctx, filter, update); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}
