package conversation

import (
	"fmt"
	"strings"
	"time"

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

// cmdChart answers /chart (or /chart week) with the pictures of the last
// seven days, up to now, labelled in the person's language.
func (t *turn) cmdChart(arg string) {
	if a := strings.ToLower(arg); a != "" && a != "week" {
		t.say("chart.usage", t.typed("chart"))
		return
	}
	w, err := t.svc().Week(t.ctx, t.user, time.Time{})
	if err != nil {
		t.fail(err)
		return
	}
	if t.e.Charts == nil {
		t.say("chart.unavailable")
		return
	}
	pics, err := t.e.Charts.Week(w, t.lang)
	if err != nil {
		t.fail(fmt.Errorf("draw the weekly chart: %w", err))
		return
	}
	msg := talk.Message{Text: i18n.Week(t.lang, w)}
	for _, p := range pics {
		id, err := t.svc().PutPhoto(t.ctx, p.PNG, "image/png")
		if err != nil {
			t.fail(fmt.Errorf("keep the weekly chart's %s: %w", p.Name, err))
			return
		}
		msg.Photos = append(msg.Photos, id)
	}
	t.send(msg)
}
