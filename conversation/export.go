package conversation

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// exportRef starts the Ref of an export's file (talk.File): the period
// follows, as two dates.
const exportRef = "export:"

// cmdExport answers /export (with a period as /stats takes it, today
// when none) and the CSV button under a report: the tickets reported in
// the period, live and archived, as a CSV file sent with the answer.
// The period is fixed here, as two dates, so that the file sent again
// after a crash is the same period's.
func (t *turn) cmdExport(arg string) {
	p, err := t.svc().ExportPeriod(t.ctx, t.user, arg)
	if t.periodFailed(err) {
		return
	}
	from, last := periodDates(p, t.Settings().Location())
	name := "tickets-" + from + "-" + last + ".csv"
	if from == last {
		name = "tickets-" + from + ".csv"
	}
	t.send(talk.Message{Text: t.T("export.ready", from, last), File: &talk.File{
		Name: name, Ref: exportRef + from + " " + last, Failed: t.T("export.failed", desk.MaxExportBytes>>20)}})
}

// exportToken is the CSV button's: /export for the period shown, by its
// dates.
func exportToken(p desk.Period, loc *time.Location) string {
	from, last := periodDates(p, loc)
	return talk.MenuToken("export", from+" "+last)
}

// periodDates are a period's first and last days, as /export takes them.
func periodDates(p desk.Period, loc *time.Location) (from, last string) {
	return p.From.In(loc).Format(time.DateOnly), p.Last().In(loc).Format(time.DateOnly)
}

var _ talk.FileMaker = (*Engine)(nil)

// WriteFile makes a file the engine's messages carry: an export, for the
// person behind account if they may still have it (desk.Service.Export
// checks their roles now, not when the button was made).
func (e *Engine) WriteFile(ctx context.Context, account string, f talk.File, w io.Writer) error {
	period, ok := strings.CutPrefix(f.Ref, exportRef)
	if !ok {
		return fmt.Errorf("no such file: %q", f.Ref)
	}
	u, err := e.svc.Known(ctx, account)
	if err != nil {
		return fmt.Errorf("export for %s: %w", account, err)
	}
	n, err := e.svc.Export(ctx, u, period, w)
	if err != nil {
		return fmt.Errorf("export %s for %s: %w", period, account, err)
	}
	e.log.Info("export sent", "account", account, "period", period, "tickets", n)
	return nil
}
