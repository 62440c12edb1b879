package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
	"github.com/repairdesk/repairdesk/talk"
)

// sendFile makes the file a message carries (talk.FileMaker) and sends it
// as a document (sendDocument, a multipart upload) to a person's private
// chat. It is made into a temporary file first, not into memory, and
// streamed from there: an export may run to tens of megabytes. A file
// that cannot be made, or that Telegram refuses, is replaced by the
// message's words for that (File.Failed); a failure that may pass (the
// network, a 429) is returned, for the answer to be tried again.
func (b *Bot) sendFile(ctx context.Context, chat chatID, f *talk.File, p patience) (string, error) {
	if chat.id <= 0 || b.files == nil {
		// Files go to the person who asked, never to a group.
		b.log.Warn("telegram: a file for a chat that cannot take it", "chat", chat.key(), "file", f.Name)
		return b.fileFailed(ctx, chat, f, p)
	}
	account := platformPrefix + strconv.FormatInt(chat.id, 10)
	tmp, _, done, err := edge.MakeFile(func(w io.Writer) error { return b.files.WriteFile(ctx, account, *f, w) })
	if errors.Is(err, edge.ErrNotMade) {
		b.log.Warn("telegram: file not made", "chat", chat.key(), "file", f.Name, "err", err)
		return b.fileFailed(ctx, chat, f, p)
	}
	if err != nil {
		return "", fmt.Errorf("file %s: %w", f.Name, err)
	}
	defer done()
	var sent *models.Message
	err = b.call(ctx, chat, p, func(ctx context.Context, c any) error {
		// Read from the start at every attempt: a failed one has
		// consumed the file.
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		var err error
		sent, err = b.api.SendDocument(ctx, &tg.SendDocumentParams{ChatID: c,
			Document: &models.InputFileUpload{Filename: f.Name, Data: tmp}})
		return err
	})
	if errors.Is(err, tg.ErrorBadRequest) {
		b.log.Warn("telegram: file refused", "chat", chat.key(), "file", f.Name, "err", err)
		return b.fileFailed(ctx, chat, f, p)
	}
	if err != nil {
		return "", err
	}
	return strconv.Itoa(sent.ID), nil
}

// fileFailed says that a message's file could not be sent.
func (b *Bot) fileFailed(ctx context.Context, chat chatID, f *talk.File, p patience) (string, error) {
	if f.Failed == "" {
		return "", nil
	}
	return b.sendText(ctx, chat, &tg.SendMessageParams{Text: f.Failed}, p)
}
