package notice

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// DigestMessage is the supervisors' daily digest, in both languages for
// their channel: the figures in Chinese, then in English, then what waits
// on someone now. The lists are in one language-neutral form, numbers,
// tags and titles as people wrote them, under headings in both.
func DigestMessage(d desk.Digest) talk.Message {
	text := i18n.Digest(i18n.Zh, d) + "\n\n" + i18n.Digest(i18n.En, d)
	text += list("overdue.title", d.OverdueN, d.Overdue, lateLine)
	text += list("review.title", d.ReviewN, d.Review, reviewLine)
	return talk.Message{Text: text}
}

// list is one of the digest's lists under its heading, with how many
// more there are than it shows; nothing when it is empty.
func list(title string, n int, ts []*desk.Ticket, line func(*desk.Ticket) string) string {
	if n == 0 {
		return ""
	}
	text := "\n\n" + i18n.T(i18n.Zh, title) + " / " + i18n.T(i18n.En, title) + " (" + strconv.Itoa(n) + ")"
	for _, t := range ts {
		text += "\n" + line(t)
	}
	if more := n - len(ts); more > 0 {
		text += "\n" + i18n.T(i18n.Zh, "digest.more", more) + " / " + i18n.T(i18n.En, "digest.more", more)
	}
	return text
}

// Digest sends the digest named key to the supervisors' channel of every
// platform. It fails if any platform failed, so the scheduler tries again;
// each channel that got it is marked in seen under key, so the retry
// reaches only the others. A crash between a send and its mark may still
// repeat one, which beats a channel that never gets it.
func Digest(ctx context.Context, senders []talk.Sender, seen SeenStore, key string, d desk.Digest) error {
	var errs []error
	for _, s := range senders {
		room := s.SupervisorChat()
		if room == "" {
			continue
		}
		mark := key + "|" + s.Platform() + "|" + room
		if done, err := seen.Seen(ctx, mark); err != nil || done {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", s.Platform(), err))
			}
			continue
		}
		if _, err := s.Send(ctx, talk.Target{Platform: s.Platform(), Chat: room}, DigestMessage(d)); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.Platform(), err))
			continue
		}
		if _, err := seen.FirstTime(ctx, mark); err != nil {
			errs = append(errs, fmt.Errorf("%s: mark the digest sent: %w", s.Platform(), err))
		}
	}
	return errors.Join(errs...)
}

// lateLine is one overdue ticket in the digest: number, tags, title, place
// and who holds it.
func lateLine(t *desk.Ticket) string {
	line := t.Ref() + " 超" // every ticket listed is overdue
	if t.Urgent() {
		line += " 🚨"
	}
	if t.Urged() {
		line += " 催"
	}
	line += " " + t.Title + " · " + t.Location.Building
	if tech, ok := t.Technician(); ok {
		line += " · " + tech.Name
	}
	return line
}

// reviewLine is one suspension request waiting for review: number, title,
// and the technician who asked.
func reviewLine(t *desk.Ticket) string {
	line := t.Ref() + " " + t.Title
	if tech, ok := t.Technician(); ok {
		line += " · " + tech.Name
	}
	return line
}
