package repo

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"github.com/repairdesk/repairdesk/desk"
)

type photoDoc struct {
	ID   string `bson:"_id"`
	Data []byte `bson:"data"`
	MIME string `bson:"mime"`
}

// PutPhoto stores a photo in its own document, read only by _id. Photos
// from chat platforms are compressed to a few hundred kilobytes, far below
// MongoDB's 16 MB document limit.
func (s *Store) PutPhoto(ctx context.Context, data []byte, mime string) (string, error) {
	if len(data) > desk.MaxPhotoBytes {
		return "", &desk.Error{Kind: desk.ErrInvalid, Msg: "err.photo_too_big"}
	}
	b := make([]byte, 12)
	rand.Read(b)
	id := "p" + hex.EncodeToString(b)
	return id, s.insert(ctx, colPhotos, photoDoc{ID: id, Data: data, MIME: mime})
}

func (s *Store) Photo(ctx context.Context, id string) ([]byte, string, error) {
	var p photoDoc
	if err := s.get(ctx, colPhotos, id, &p); err != nil {
		return nil, "", err
	}
	return p.Data, p.MIME, nil
}
