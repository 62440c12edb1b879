package repo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// ClaimTick claims the run of job at tick, and reports whether this call
// won it: exactly one caller, in every copy of the program, wins each
// tick, and none wins a tick at or before the latest one won. Each job has
// one document, holding its latest tick; a job that runs every minute
// thus costs one small document rather than a record a minute (ten
// thousand a day over all the jobs), which the embedded store would read
// whole at every start.
//
// The update moves the tick forward only if it is behind; when it matches
// nothing, the upsert tries to insert the job's document, which the unique
// _id refuses once it exists. Both are by _id, on every store.
func (s *Store) ClaimTick(ctx context.Context, job string, tick time.Time) (bool, error) {
	id := "tick:" + job
	filter := bson.D{{Key: "_id", Value: id}, {Key: "tick", Value: bson.D{{Key: "$lt", Value: tick}}}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "tick", Value: tick}}}}
	_, err := s.c(colLeases).UpdateOne(ctx, filter, update, options.UpdateOne().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim %s at %s: %w", job, tick.UTC().Format(time.RFC3339Nano), err)
	}
	return true, nil
}
