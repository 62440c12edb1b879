package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/desk"
)

// maxAlbum is the most photos Telegram takes in one media group.
const maxAlbum = 10

// sendPhotos sends the desk's photos: one with sendPhoto, several as
// albums of up to ten. The caption goes with the first. A photo Telegram
// already has (a person sent it, or the bot sent it before) goes by its
// file_id, without uploading it again; the others are uploaded. A photo
// missing from the store is left out rather than holding up the message.
// It returns the ID of the last message sent.
func (b *Bot) sendPhotos(ctx context.Context, chat chatID, reply *models.ReplyParameters, ids []string, caption string, markup models.ReplyMarkup, p patience) (string, error) {
	var photos []*upload
	for _, id := range ids {
		ph := &upload{id: id}
		ph.fileID, _ = b.fileIDs.get(id)
		if ph.fileID == "" {
			err := b.loadPhoto(ctx, ph)
			if errors.Is(err, desk.ErrNotFound) {
				b.log.Warn("telegram: photo missing from the store", "photo", id)
				continue
			}
			if err != nil {
				return "", err
			}
		}
		photos = append(photos, ph)
	}
	last := ""
	for len(photos) > 0 {
		n := min(len(photos), maxAlbum)
		if len(photos) == maxAlbum+1 {
			// Eleven would leave an album of one, which Telegram refuses.
			n = maxAlbum - 1
		}
		album := photos[:n]
		photos = photos[n:]
		sent, err := b.sendAlbum(ctx, chat, reply, album, caption, markup, p)
		if err != nil && errors.Is(err, tg.ErrorBadRequest) && b.uploadInstead(ctx, album) {
			// Telegram no longer knows a file_id: send the bytes.
			sent, err = b.sendAlbum(ctx, chat, reply, album, caption, markup, p)
		}
		if err != nil {
			return last, err
		}
		caption = ""
		for i, m := range sent {
			if i < len(album) && len(m.Photo) > 0 {
				// The largest size comes last.
				b.fileIDs.put(album[i].id, m.Photo[len(m.Photo)-1].FileID)
			}
		}
		if len(sent) > 0 {
			last = strconv.Itoa(sent[len(sent)-1].ID)
		}
	}
	return last, nil
}

// upload is one of the desk's photos on its way to Telegram: by file_id,
// or as bytes to upload.
type upload struct {
	id     string // in the desk's store
	fileID string
	data   []byte
	name   string
}

// loadPhoto reads ph's bytes from the store, to upload them.
func (b *Bot) loadPhoto(ctx context.Context, ph *upload) error {
	data, mime, err := b.photos.Photo(ctx, ph.id)
	if err != nil {
		return fmt.Errorf("load photo %s: %w", ph.id, err)
	}
	ph.fileID, ph.data, ph.name = "", data, ph.id+photo.Extension(mime)
	return nil
}

// uploadInstead turns the photos of album that went by file_id into
// uploads and forgets their file_ids. It reports whether there were any.
func (b *Bot) uploadInstead(ctx context.Context, album []*upload) bool {
	changed := false
	for _, ph := range album {
		if ph.fileID == "" {
			continue
		}
		b.fileIDs.forget(ph.id)
		if err := b.loadPhoto(ctx, ph); err != nil {
			return false
		}
		changed = true
	}
	return changed
}

// sendAlbum sends one photo (sendPhoto) or an album (sendMediaGroup).
//
// markup, buttons under a single photo, is sent only with an album of one:
// Telegram puts no buttons under an album.
func (b *Bot) sendAlbum(ctx context.Context, chat chatID, reply *models.ReplyParameters, album []*upload, caption string, markup models.ReplyMarkup, p patience) ([]*models.Message, error) {
	if len(album) == 1 {
		var sent *models.Message
		err := b.call(ctx, chat, p, func(ctx context.Context, c any) error {
			var err error
			sent, err = b.api.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: c, Caption: caption, Photo: album[0].input(), ReplyMarkup: markup, ReplyParameters: reply})
			return err
		})
		if err != nil {
			return nil, err
		}
		return []*models.Message{sent}, nil
	}
	var sent []*models.Message
	err := b.call(ctx, chat, p, func(ctx context.Context, c any) error {
		// The readers are made anew for every attempt: a failed one has
		// consumed them.
		media := make([]models.InputMedia, len(album))
		for i, ph := range album {
			m := &models.InputMediaPhoto{Media: ph.fileID}
			if ph.fileID == "" {
				m.Media, m.MediaAttachment = "attach://"+ph.name, bytes.NewReader(ph.data)
			}
			if i == 0 {
				m.Caption = caption
			}
			media[i] = m
		}
		var err error
		sent, err = b.api.SendMediaGroup(ctx, &tg.SendMediaGroupParams{ChatID: c, Media: media, ReplyParameters: reply})
		return err
	})
	return sent, err
}

// input is ph as sendPhoto takes it. An upload's reader is made anew for
// every attempt.
func (ph *upload) input() models.InputFile {
	if ph.fileID != "" {
		return &models.InputFileString{Data: ph.fileID}
	}
	return &models.InputFileUpload{Filename: ph.name, Data: bytes.NewReader(ph.data)}
}

// fetch downloads a file a person sent (getFile, then the file URL of
// the API server) and keeps it in the photo store.
func (b *Bot) fetch(ctx context.Context, fileID string) (string, error) {
	var f *models.File
	err := b.call(ctx, chatID{}, forAnswers, func(ctx context.Context, _ any) error {
		var err error
		f, err = b.api.GetFile(ctx, &tg.GetFileParams{FileID: fileID})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("%w: get file: %w", photo.ErrNotReceived, err)
	}
	if f.FileSize > desk.MaxPhotoBytes {
		return "", photo.ErrTooBig
	}
	// The link holds the bot token: it is never logged.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.api.FileDownloadLink(f), nil)
	if err != nil {
		return "", fmt.Errorf("%w: %w", photo.ErrNotReceived, err)
	}
	res, err := b.http.Do(req)
	if err != nil {
		var uerr interface{ Unwrap() error }
		if errors.As(err, &uerr) {
			err = uerr.Unwrap() // drop the URL, which holds the token
		}
		return "", fmt.Errorf("%w: download: %w", photo.ErrNotReceived, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%w: download: %s", photo.ErrNotReceived, res.Status)
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, desk.MaxPhotoBytes+1))
	if err != nil {
		return "", fmt.Errorf("%w: download: %w", photo.ErrNotReceived, err)
	}
	// Telegram re-encodes photos as JPEG, but a document may be anything
	// that claims to be an image.
	mime, err := photo.Check(data)
	if err != nil {
		return "", err
	}
	id, err := b.photos.PutPhoto(ctx, data, mime)
	if err != nil {
		return "", fmt.Errorf("store photo: %w", err)
	}
	b.fileIDs.put(id, fileID)
	return id, nil
}
