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
// their channel.
func DigestMessage(st desk.Stats) talk.Message {
	text := i18n.Both("notice.digest") + "\n\n" + i18n.Stats(i18n.Zh, st) + "\n\n" + i18n.Stats(i18n.En, st)
	if len(st.Late) > 0 {
		// One list for both languages: its lines are numbers, tags and
		// what the requester wrote.
		text += "\n\n" + i18n.T(i18n.Zh, "overdue.title") + " / " + i18n.T(i18n.En, "overdue.title") + " (" + strconv.Itoa(st.Overdue) + ")"
		for _, t := range st.Late {
			text += "\n" + lateLine(t)
		}
	}
	return talk.Message{Text: text}
}

// Digest sends the digest named key to the supervisors' channel of every
// platform. It fails if any platform failed, so the scheduler tries again;
// each channel that got it is marked in seen under key, so the retry
// reaches only the others. A crash between a send and its mark may still
// repeat one, which beats a channel that never gets it.
func Digest(ctx context.Context, senders []talk.Sender, seen SeenStore, key string, st desk.Stats) error {
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
		if _, err := s.Send(ctx, talk.Target{Platform: s.Platform(), Chat: room}, DigestMessage(st)); err != nil {
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
	if t.Urged() {
		line += " 催"
	}
	line += " " + t.Title + " · " + t.Location.Building
	if tech, ok := t.Technician(); ok {
		line += " · " + tech.Name
	}
	return line
}
