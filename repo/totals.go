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

// totalsDoc sums up archived tickets, so that statistics never read the
// archive. FerretDB's aggregation lacks the accumulators this would need.
type totalsDoc struct {
	Completed int   `bson:"completed"`
	Cancelled int   `bson:"cancelled"`
	WaitSum   int64 `bson:"waitSum"`
	RepairSum int64 `bson:"repairSum"`
	Rated     int   `bson:"rated"`
	StarsSum  int   `bson:"starsSum"`
}

func (s *Store) addTotals(ctx context.Context, t *desk.Ticket) error {
	inc := bson.D{}
	switch t.State {
	case desk.Cancelled:
		inc = append(inc, bson.E{Key: "cancelled", Value: 1})
	case desk.Completed:
		inc = append(inc,
			bson.E{Key: "completed", Value: 1},
			bson.E{Key: "waitSum", Value: int64(t.Waited(t.UpdatedAt))},
			bson.E{Key: "repairSum", Value: int64(t.UnderRepair(t.UpdatedAt))})
		if t.Rating != nil {
			inc = append(inc, bson.E{Key: "rated", Value: 1}, bson.E{Key: "starsSum", Value: t.Rating.Stars})
		}
	}
	_, err := s.c(colConfig).UpdateOne(ctx, bson.D{{Key: "_id", Value: "totals"}},
		bson.D{{Key: "$inc", Value: inc}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("add totals: %w", err)
	}
	return nil
}

func (s *Store) Totals(ctx context.Context) (desk.Totals, error) {
	var d totalsDoc
	if err := s.get(ctx, colConfig, "totals", &d); err != nil && !errors.Is(err, desk.ErrNotFound) {
		return desk.Totals{}, err
	}
	return desk.Totals{Completed: d.Completed, Cancelled: d.Cancelled, WaitSum: time.Duration(d.WaitSum),
		RepairSum: time.Duration(d.RepairSum), Rated: d.Rated, StarsSum: d.StarsSum}, nil
}
