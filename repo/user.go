package repo

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// account links a platform account to a user. Its _id is the account key,
// so that finding the person behind an update is one read by _id, and
// linking an account twice is refused by the unique _id.
type account struct {
	ID   string `bson:"_id"`
	User string `bson:"user"`
}

func (s *Store) User(ctx context.Context, id string) (*desk.User, error) {
	var u desk.User
	if err := s.get(ctx, colUsers, id, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

func (s *Store) ByAccount(ctx context.Context, acc string) (*desk.User, error) {
	var a account
	if err := s.get(ctx, colAccounts, acc, &a); err != nil {
		return nil, err
	}
	return s.User(ctx, a.User)
}

// CreateUser inserts the user, then links its accounts: at every instant
// each link names a user who exists. A kill between the writes leaves at
// most a user whom no account reaches, which nothing lists: the desk
// creates only unregistered people with no role (a first contact, an
// account unlinked), and Staff and People list by role and registration. The other
// order would leave an account whose user is missing, and its person
// locked out, every message failing to find them. If an account is taken,
// the links made so far and the user are removed again.
func (s *Store) CreateUser(ctx context.Context, u *desk.User) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	if err := s.insertDoc(ctx, colUsers, u.ID, u); err != nil {
		return err
	}
	for i, acc := range u.Accounts {
		if err := s.linkNew(ctx, acc, u.ID); err != nil {
			for _, done := range u.Accounts[:i] {
				_ = s.unlink(ctx, done, &u.ID)
			}
			_ = s.deleteUser(ctx, u.ID)
			return err
		}
	}
	return nil
}

// linkNew links a new account to user; desk.ErrConflict if the account
// belongs to someone. A link that names a user who does not exist (left
// by a kill in an older version, which linked before it created the
// user) is taken over.
func (s *Store) linkNew(ctx context.Context, acc, user string) error {
	err := s.insertDoc(ctx, colAccounts, acc, account{ID: acc, User: user})
	if !errors.Is(err, desk.ErrConflict) {
		return err
	}
	var a account
	if s.get(ctx, colAccounts, acc, &a) != nil {
		return err
	}
	if _, uerr := s.User(ctx, a.User); !errors.Is(uerr, desk.ErrNotFound) {
		return err
	}
	if uerr := s.unlink(ctx, acc, &a.User); uerr != nil {
		return uerr
	}
	return s.insertDoc(ctx, colAccounts, acc, account{ID: acc, User: user})
}

// deleteUser removes a user no account reaches.
func (s *Store) deleteUser(ctx context.Context, id string) error {
	return s.docs.write(ctx, colUsers, id, nil, nil, func(filter bson.D) (int64, error) {
		res, err := s.c(colUsers).DeleteOne(ctx, filter)
		if err != nil {
			return 0, err
		}
		return res.DeletedCount, nil
	})
}

// unlink deletes the account's link, and only while it points at the
// user when there is one.
func (s *Store) unlink(ctx context.Context, acc string, user *string) error {
	return s.docs.write(ctx, colAccounts, acc, nil, nil, func(filter bson.D) (int64, error) {
		if user != nil {
			filter = append(filter, bson.E{Key: "user", Value: *user})
		}
		res, err := s.c(colAccounts).DeleteOne(ctx, filter)
		if err != nil {
			return 0, err
		}
		return res.DeletedCount, nil
	})
}

func (s *Store) UpdateUser(ctx context.Context, u *desk.User, prev int) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	return s.replaceIf(ctx, colUsers, u.ID, prev, u)
}

func (s *Store) Link(ctx context.Context, userID, acc string) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	var a account
	err := s.get(ctx, colAccounts, acc, &a)
	switch {
	case err == nil && a.User != userID:
		return desk.ErrConflict
	case errors.Is(err, desk.ErrNotFound):
		if err := s.insertDoc(ctx, colAccounts, acc, account{ID: acc, User: userID}); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	err = s.docs.write(ctx, colUsers, userID, nil, nil, func(filter bson.D) (int64, error) {
		res, err := s.c(colUsers).UpdateOne(ctx, filter, bson.D{
			{Key: "$addToSet", Value: bson.D{{Key: "accounts", Value: acc}}},
			{Key: "$inc", Value: bson.D{{Key: "version", Value: 1}}},
		})
		if err != nil {
			return 0, err
		}
		return res.MatchedCount, nil
	})
	if err != nil {
		return fmt.Errorf("link %s: %w", acc, err)
	}
	return nil
}

func (s *Store) Staff(ctx context.Context) ([]*desk.User, error) {
	return findAll[desk.User](ctx, s.c(colUsers), bson.D{{Key: "roles", Value: bson.D{{Key: "$in", Value: desk.Roles}}}})
}

// People matches text as a literal, case-insensitive pattern in the
// database, so only the matching users are sent back.
func (s *Store) People(ctx context.Context, text string, limit int) ([]*desk.User, error) {
	filter := bson.D{{Key: "registered", Value: true}}
	if text != "" {
		pat := bson.Regex{Pattern: regexp.QuoteMeta(text), Options: "i"}
		var or bson.A
		for _, f := range []string{"name", "phone", "department"} {
			or = append(or, bson.D{{Key: f, Value: pat}})
		}
		filter = append(filter, bson.E{Key: "$or", Value: or})
	}
	return findAll[desk.User](ctx, s.c(colUsers), filter, options.Find().SetLimit(int64(limit)))
}

// linkCode is a one-time code for linking another account to a user.
type linkCode struct {
	ID    string    `bson:"_id"`
	User  string    `bson:"user"`
	Until time.Time `bson:"until"`
	// TakenBy names who took the code (desk.Service.Link's taker); a
	// code taken stays, so that the same taker gets it again.
	TakenBy string `bson:"takenBy,omitempty"`
}

// linkCodesKept is how long a code is kept after it ran out: taken codes
// are answered again to their taker for that long.
const linkCodesKept = 24 * time.Hour

// PutLinkCode stores the code, and forgets those that ran out a day ago
// (a read of every code on the embedded store: they are few).
func (s *Store) PutLinkCode(ctx context.Context, code, userID string, until time.Time) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	if err := s.insert(ctx, colLinkCodes, linkCode{ID: code, User: userID, Until: until}); err != nil {
		return err
	}
	_, err := s.c(colLinkCodes).DeleteMany(ctx, bson.D{{Key: "until", Value: bson.D{{Key: "$lt", Value: until.Add(-linkCodesKept)}}}})
	if err != nil {
		return fmt.Errorf("forget old link codes: %w", err)
	}
	return nil
}

// TakeLinkCode marks the code taken by taker as it reads it, in one
// write, so a code works once even when two accounts send it at the same
// moment; taker, if not empty, gets it again (the same input handed over
// again after a crash), even once it has run out.
func (s *Store) TakeLinkCode(ctx context.Context, code, taker string, now time.Time) (string, error) {
	if err := s.sessionsFirst(ctx); err != nil {
		return "", err
	}
	first := bson.D{{Key: "takenBy", Value: bson.D{{Key: "$exists", Value: false}}}, {Key: "until", Value: bson.D{{Key: "$gt", Value: now}}}}
	either := bson.A{first}
	mark := taker
	if taker != "" {
		either = append(either, bson.D{{Key: "takenBy", Value: taker}})
	} else {
		mark = "-" // taken once, by someone who cannot take it again
	}
	var c linkCode
	err := s.c(colLinkCodes).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: code}, {Key: "$or", Value: either}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "takenBy", Value: mark}}}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return "", desk.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("take link code: %w", err)
	}
	return c.User, nil
}

func (s *Store) MoveAccount(ctx context.Context, acc, userID string) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	doc := account{ID: acc, User: userID}
	err := s.docs.write(ctx, colAccounts, acc, nil, doc, func(filter bson.D) (int64, error) {
		_, err := s.c(colAccounts).ReplaceOne(ctx, filter, doc, options.Replace().SetUpsert(true))
		return 1, err
	})
	if err != nil {
		return fmt.Errorf("move account %s: %w", acc, err)
	}
	return nil
}

func (s *Store) UnlinkAccount(ctx context.Context, acc, userID string) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	if err := s.unlink(ctx, acc, &userID); err != nil {
		return fmt.Errorf("unlink account %s: %w", acc, err)
	}
	return nil
}
