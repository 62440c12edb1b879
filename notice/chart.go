package notice

import (
	"context"
	"errors"
	"fmt"

	"github.com/repairdesk/repairdesk/chart"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// Painter draws the weekly chart (chart.Painter).
type Painter interface {
	// Week draws the week's pictures with labels in lang, or in English
	// when lang cannot be drawn.
	Week(w desk.Week, lang string) ([]chart.Picture, error)
}

// Charts sends the supervisors' weekly chart to their channel on every
// platform, as Digest sends the digest: once per key and channel.
type Charts struct {
	Svc     *desk.Service // the supervisors' language, and the photo store
	Paint   Painter
	Senders []talk.Sender
	Seen    SeenStore
}

// Send draws the week and posts it, under key, to every supervisors'
// channel that has not had it yet. It fails if any platform failed, so
// that the scheduler tries again; the retry reaches only the others.
func (c *Charts) Send(ctx context.Context, key string, w desk.Week) error {
	var rooms []talk.Sender
	var errs []error
	for _, s := range c.Senders {
		if s.SupervisorChat() == "" {
			continue
		}
		done, err := c.Seen.Seen(ctx, chartMark(key, s))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.Platform(), err))
		}
		if err == nil && !done {
			rooms = append(rooms, s)
		}
	}
	if len(rooms) == 0 {
		return errors.Join(errs...)
	}
	lang, err := c.supervisorsLang(ctx)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	msg, err := chartMessage(ctx, c.Svc, c.Paint, w, lang)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	// The caption in both languages, as every post in a group chat.
	msg.Text = i18n.Week(i18n.Zh, w) + "\n" + i18n.Week(i18n.En, w)
	for _, s := range rooms {
		if _, err := s.Send(ctx, talk.Target{Platform: s.Platform(), Chat: s.SupervisorChat()}, msg); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.Platform(), err))
			continue
		}
		if _, err := c.Seen.FirstTime(ctx, chartMark(key, s)); err != nil {
			errs = append(errs, fmt.Errorf("%s: mark the chart sent: %w", s.Platform(), err))
		}
	}
	return errors.Join(errs...)
}

func chartMark(key string, s talk.Sender) string {
	return key + "|" + s.Platform() + "|" + s.SupervisorChat()
}

// chartMessage draws the week in lang, keeps the pictures as photos (which
// is how every platform's adapter sends a picture), and returns a message
// that shows them, captioned in lang.
func chartMessage(ctx context.Context, svc *desk.Service, paint Painter, w desk.Week, lang string) (talk.Message, error) {
	pics, err := paint.Week(w, lang)
	if err != nil {
		return talk.Message{}, fmt.Errorf("draw the weekly chart: %w", err)
	}
	msg := talk.Message{Text: i18n.Week(lang, w)}
	for _, p := range pics {
		id, err := svc.PutPhoto(ctx, p.PNG, "image/png")
		if err != nil {
			return talk.Message{}, fmt.Errorf("keep the weekly chart's %s: %w", p.Name, err)
		}
		msg.Photos = append(msg.Photos, id)
	}
	return msg, nil
}

// supervisorsLang is the language most supervisors read, for the labels
// of the one picture their channel gets; Chinese on a tie or when none
// has chosen, as the desk speaks first.
func (c *Charts) supervisorsLang(ctx context.Context) (string, error) {
	sups, err := c.Svc.HoldersOf(ctx, desk.RoleSupervisor)
	if err != nil {
		return "", fmt.Errorf("the supervisors' language: %w", err)
	}
	en := 0
	for _, u := range sups {
		switch u.Lang {
		case i18n.En:
			en++
		case i18n.Zh:
			en--
		}
	}
	if en > 0 {
		return i18n.En, nil
	}
	return i18n.Zh, nil
}
