package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/desk"
)

// sendPhotos uploads the desk's photos into channel, one file share each
// (files.getUploadURLExternal, the upload, files.completeUploadExternal).
// A photo missing from the store is left out rather than holding up the
// message.
func (b *Bot) sendPhotos(ctx context.Context, channel string, ids []string, p patience) error {
	for _, id := range ids {
		data, mime, err := b.photos.Photo(ctx, id)
		if errors.Is(err, desk.ErrNotFound) {
			b.log.Warn("slack: photo missing from the store", "photo", id)
			continue
		}
		if err != nil {
			return fmt.Errorf("load photo %s: %w", id, err)
		}
		name := id + extension(mime)
		err = b.call(ctx, channel, p, func(ctx context.Context) error {
			// The reader is made anew for every attempt: a failed one
			// has consumed it.
			_, err := b.api.UploadFileContext(ctx, slack.UploadFileParameters{
				Reader: bytes.NewReader(data), FileSize: len(data), Filename: name, Title: name, Channel: channel,
			})
			return err
		})
		if err != nil {
			return fmt.Errorf("upload photo %s: %w", id, err)
		}
	}
	return nil
}

// extension names an upload after its type; Slack previews by it.
func extension(mime string) string {
	switch mime {
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	}
	return ".jpg"
}

// Why a photo a person sent was not taken.
var (
	errPhoto       = errors.New("photo not received")
	errPhotoTooBig = errors.New("photo too big")
)

// fetch downloads a picture a person shared (url_private_download, with
// the bot token, which slack-go sends only to Slack's own hosts) and keeps
// it in the photo store.
func (b *Bot) fetch(ctx context.Context, f slack.File) (string, error) {
	if f.Size > desk.MaxPhotoBytes {
		return "", errPhotoTooBig
	}
	url := f.URLPrivateDownload
	if url == "" {
		url = f.URLPrivate
	}
	var buf limitedBuffer
	buf.limit = desk.MaxPhotoBytes
	err := b.call(ctx, "", forAnswers, func(ctx context.Context) error {
		buf.Reset()
		return b.api.GetFileContext(ctx, url, &buf)
	})
	if errors.Is(err, errPhotoTooBig) {
		return "", errPhotoTooBig
	}
	if err != nil {
		return "", fmt.Errorf("%w: download %s: %w", errPhoto, f.ID, err)
	}
	data := buf.Bytes()
	// The type is read from the bytes: a file may claim to be an image
	// and be anything.
	mime := http.DetectContentType(data)
	if !imageTypes[mime] {
		return "", fmt.Errorf("%w: %s is not an image but %s", errPhoto, f.ID, mime)
	}
	id, err := b.photos.PutPhoto(ctx, data, mime)
	if err != nil {
		return "", fmt.Errorf("store photo: %w", err)
	}
	return id, nil
}

// imageTypes are the pictures the desk keeps.
var imageTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

// limitedBuffer is a buffer that refuses to grow past limit, so that a
// download cannot fill the memory whatever size the file claimed.
type limitedBuffer struct {
	bytes.Buffer
	limit int
}

func (w *limitedBuffer) Write(p []byte) (int, error) {
	if w.Len()+len(p) > w.limit {
		return 0, errPhotoTooBig
	}
	return w.Buffer.Write(p)
}
