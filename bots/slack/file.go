package slack

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
	"github.com/repairdesk/repairdesk/talk"
)

// sendFile makes the file a message carries (talk.FileMaker) for the
// person behind account and uploads it into their DM, the way photos go
// (files.getUploadURLExternal, the upload, files.completeUploadExternal).
// Slack wants the size before the bytes, so the file is made into a
// temporary file first, not into memory, and streamed from there. A file
// that cannot be made, or that Slack refuses, is replaced by the
// message's words for that (File.Failed); a failure that may pass is
// returned, for the answer to be tried again.
func (b *Bot) sendFile(ctx context.Context, dm, account string, f *talk.File) error {
	if b.files == nil {
		return b.fileFailed(ctx, dm, f)
	}
	tmp, size, done, err := edge.MakeFile(func(w io.Writer) error { return b.files.WriteFile(ctx, account, *f, w) })
	if errors.Is(err, edge.ErrNotMade) {
		b.log.Warn("slack: file not made", "account", account, "file", f.Name, "err", err)
		return b.fileFailed(ctx, dm, f)
	}
	if err != nil {
		return fmt.Errorf("file %s: %w", f.Name, err)
	}
	defer done()
	err = b.call(ctx, dm, forAnswers, func(ctx context.Context) error {
		// Read from the start at every attempt: a failed one has
		// consumed the file.
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		_, err := b.api.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: tmp, FileSize: int(size), Filename: f.Name, Title: f.Name, Channel: dm,
		})
		return err
	})
	if code := slackError(err); code != "" && !refused(err) {
		// Slack answered, and said no (file_too_large, …): trying again
		// would get the same answer.
		b.log.Warn("slack: file refused", "account", account, "file", f.Name, "err", err)
		return b.fileFailed(ctx, dm, f)
	}
	return err
}

// fileFailed says that a message's file could not be sent.
func (b *Bot) fileFailed(ctx context.Context, dm string, f *talk.File) error {
	if f.Failed == "" {
		return nil
	}
	_, err := b.post(ctx, dm, talk.Message{Text: f.Failed}, forAnswers)
	return err
}
