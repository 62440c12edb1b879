package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/desk"
)

// sendPhotos uploads the desk's photos into channel, or the thread of
// message thread there, one file share each
// (files.getUploadURLExternal, the upload, files.completeUploadExternal).
// A photo missing from the store is left out rather than holding up the
// message.
func (b *Bot) sendPhotos(ctx context.Context, channel, thread string, ids []string, p patience) error {
	for _, id := range ids {
		data, mime, err := b.photos.Photo(ctx, id)
		if errors.Is(err, desk.ErrNotFound) {
			b.log.Warn("slack: photo missing from the store", "photo", id)
			continue
		}
		if err != nil {
			return fmt.Errorf("load photo %s: %w", id, err)
		}
		name := id + photo.Extension(mime)
		err = b.call(ctx, channel, p, func(ctx context.Context) error {
			// The reader is made anew for every attempt: a failed one
			// has consumed it.
			_, err := b.api.UploadFileContext(ctx, slack.UploadFileParameters{
				Reader: bytes.NewReader(data), FileSize: len(data), Filename: name, Title: name, Channel: channel,
				ThreadTimestamp: thread,
			})
			return err
		})
		if err != nil {
			return fmt.Errorf("upload photo %s: %w", id, err)
		}
	}
	return nil
}

// fetch downloads a picture a person shared (url_private_download, with
// the bot token, which slack-go sends only to Slack's own hosts) and keeps
// it in the photo store.
func (b *Bot) fetch(ctx context.Context, f slack.File) (string, error) {
	if f.Size > desk.MaxPhotoBytes {
		return "", photo.ErrTooBig
	}
	url := f.URLPrivateDownload
	if url == "" {
		url = f.URLPrivate
	}
	var buf photo.Buffer
	err := b.call(ctx, "", forAnswers, func(ctx context.Context) error {
		buf.Reset()
		return b.api.GetFileContext(ctx, url, &buf)
	})
	if errors.Is(err, photo.ErrTooBig) {
		return "", photo.ErrTooBig
	}
	if err != nil {
		return "", fmt.Errorf("%w: download %s: %w", photo.ErrNotReceived, f.ID, err)
	}
	data := buf.Bytes()
	mime, err := photo.Check(data)
	if err != nil {
		return "", fmt.Errorf("file %s: %w", f.ID, err)
	}
	id, err := b.photos.PutPhoto(ctx, data, mime)
	if err != nil {
		return "", fmt.Errorf("store photo: %w", err)
	}
	return id, nil
}
