package repo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// postRef maps a message the desk posted in a group chat to its ticket,
// so that an answer in a ticket's thread is found by one read by _id
// (which the embedded store indexes) instead of a scan of the tickets'
// posts.
type postRef struct {
	ID     string `bson:"_id"` // postKey
	Ticket string `bson:"ticket"`
}

// postKey names a message: the chat is platform-qualified, the message id
// is the platform's, so a space cannot occur in the chat part.
func postKey(chat, messageID string) string { return chat + " " + messageID }

func (s *Store) AddPost(ctx context.Context, id string, p desk.Post) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	// The reference is written first: a post recorded on the ticket is
	// then always found from its thread, and a repeat rewrites the same.
	if p.Chat != "" && p.MessageID != "" {
		if _, err := s.c(colPosts).UpdateOne(ctx, bson.D{{Key: "_id", Value: postKey(p.Chat, p.MessageID)}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "ticket", Value: id}}}}, options.UpdateOne().SetUpsert(true)); err != nil {
			return fmt.Errorf("index post of ticket %s: %w", id, err)
		}
	}
	if p.Kind == desk.PostLine {
		// A line of a thread only leads back to its ticket: a write
		// saved on every line of every thread.
		return nil
	}
	return s.docs.write(ctx, colTickets, id, nil, nil, func(filter bson.D) (int64, error) {
		res, err := s.c(colTickets).UpdateOne(ctx, filter,
			bson.D{{Key: "$push", Value: bson.D{{Key: "posts", Value: p}}}})
		if err != nil {
			return 0, fmt.Errorf("add post to ticket %s: %w", id, err)
		}
		return res.MatchedCount, nil
	})
}

func (s *Store) PostTicket(ctx context.Context, chat, messageID string) (string, error) {
	var ref postRef
	if err := s.get(ctx, colPosts, postKey(chat, messageID), &ref); err != nil {
		return "", err
	}
	return ref.Ticket, nil
}
