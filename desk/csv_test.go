package desk_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// readCSV reads an export: a byte order mark, then CSV.
func readCSV(t *testing.T, out string) [][]string {
	t.Helper()
	body, ok := strings.CutPrefix(out, "\ufeff")
	if !ok {
		t.Fatal("no byte order mark: spreadsheets would garble the Chinese text")
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// An export holds live and archived tickets, Chinese text intact, and
// what people typed never as a formula.
func TestWriteCSV(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	u, _ := svc.Account(ctx, "test:wang", "zh")
	u, err := svc.Register(ctx, u, desk.Profile{Name: "王小明", Phone: "13800000000", Department: "后勤处"})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := store.Catalog(ctx)
	r := desk.Report{Location: desk.Location{Zone: c.Zones[0].Name, Building: c.Zones[0].Buildings[1], Room: "301"},
		ProblemType: c.ProblemTypes[2], Title: "空调不制冷", Description: "一直吹热风, \"急\"", Contact: "13800000000"}
	a, err := svc.ReportUrgent(ctx, u, r, "", "漏电风险")
	if err != nil {
		t.Fatal(err)
	}
	r.Title = `=HYPERLINK("http://x","点我")`
	b, err := svc.Report(ctx, u, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Cancel(ctx, u, b.ID, "已自行恢复"); err != nil {
		t.Fatal(err)
	}
	cancelled, err := store.Get(ctx, b.ID)
	if err == nil {
		err = store.MarkSent(ctx, b.ID, cancelled.Sent, len(cancelled.Outbox)) // as the dispatcher would
	}
	if err == nil {
		err = store.Archive(ctx, b.ID)
	}
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	n, err := svc.WriteCSV(ctx, &out, desk.ExportFilter{})
	if err != nil || n != 2 {
		t.Fatalf("exported %d, %v", n, err)
	}
	rows := readCSV(t, out.String())
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(desk.ExportHeader, ",") {
		t.Fatalf("rows: %v", rows)
	}
	byID := map[string][]string{}
	for _, row := range rows[1:] {
		byID[row[0]] = row
	}
	if got := byID[a.ID]; got[1] != "pending" || got[7] != "空调不制冷" || got[8] != "一直吹热风, \"急\"" || got[9] != "王小明" ||
		got[27] != "urgent" || got[28] != "漏电风险" || got[29] != "" {
		t.Fatalf("pending row: %v", got)
	}
	if got := byID[b.ID]; got[27] != "normal" || got[28] != "" {
		t.Fatalf("a normal ticket's priority: %v", got)
	}
	if got := byID[b.ID]; got[1] != "cancelled" || got[7] != `'=HYPERLINK("http://x","点我")` || got[21] != "已自行恢复" {
		t.Fatalf("cancelled (archived) row: %v", got)
	}

	// A ticket the export read live just before it was archived, which
	// the history then holds too, is written once.
	live, err := store.Live(ctx, desk.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	archived, err := store.Get(ctx, b.ID)
	if err != nil || !archived.Archived {
		t.Fatalf("ticket %s: %+v, %v", b.ID, archived, err)
	}
	racing := desk.NewService(snapshot{store, append(live, archived)}, store, store, store)
	out.Reset()
	if n, err = racing.WriteCSV(ctx, &out, desk.ExportFilter{}); err != nil || n != 2 || len(readCSV(t, out.String())) != 3 {
		t.Fatalf("a ticket both live and archived: %d tickets, %v\n%s", n, err, out.String())
	}

	out.Reset()
	if n, err = svc.WriteCSV(ctx, &out, desk.ExportFilter{State: desk.Cancelled}); err != nil || n != 1 {
		t.Fatalf("filtered by state: %d, %v", n, err)
	}
	out.Reset()
	if n, _ = svc.WriteCSV(ctx, &out, desk.ExportFilter{From: time.Now().Add(time.Hour)}); n != 0 {
		t.Fatalf("filtered by date: %d", n)
	}
}

// snapshot is a store whose live tickets are as they were read once.
type snapshot struct {
	*repo.Store
	live []*desk.Ticket
}

func (s snapshot) Live(context.Context, desk.Filter) ([]*desk.Ticket, error) { return s.live, nil }

// A title or a name that a spreadsheet would run as a formula is exported
// as text; a phone number keeps its plus sign.
func TestInert(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","点我")`: `'=HYPERLINK("http://x","点我")`,
		"+1+cmd|' /C calc'!A0":        "'+1+cmd|' /C calc'!A0",
		"-2+3":                        "'-2+3",
		"@SUM(A1)":                    "'@SUM(A1)",
		"\t=1":                        "'\t=1",
		"空调不制冷":                       "空调不制冷",
		"":                            "",
	} {
		if got := desk.Inert(in); got != want {
			t.Errorf("Inert(%q) = %q, want %q", in, got, want)
		}
	}
}

// A period's export, for supervisors and admins only: the tickets
// reported in it, live and archived, and no more than a chat takes.
func TestExportOfAPeriod(t *testing.T) {
	w := newWeekDesk(t)
	before := w.report(local(1, 9, 0), 0, 0) // Sunday: not in the week
	done := w.report(local(2, 9, 0), 0, 0)
	w.cancel(local(2, 10, 0), done)
	w.archive(done)
	open := w.report(local(4, 9, 0), 1, 1)
	w.now = local(5, 12, 0)

	var out bytes.Buffer
	n, err := w.svc.Export(w.ctx, w.people["boss"], "2026-03-02 2026-03-08", &out)
	if err != nil || n != 2 {
		t.Fatalf("export of the week: %d tickets, %v; want 2", n, err)
	}
	rows := readCSV(t, out.String())
	got := map[string]string{}
	for _, row := range rows[1:] {
		got[row[0]] = row[1]
	}
	if len(rows) != 3 || got[done.ID] != "cancelled" || got[open.ID] != "pending" || got[before.ID] != "" {
		t.Fatalf("export of the week: %v", rows)
	}
	if _, err := w.svc.Export(w.ctx, w.people["admin"], "week", io.Discard); err != nil {
		t.Errorf("an admin's export: %v", err)
	}
	for _, who := range []string{"owner", "tech"} {
		out.Reset()
		if _, err := w.svc.Export(w.ctx, w.people[who], "week", &out); !errors.Is(err, desk.ErrForbidden) || out.Len() != 0 {
			t.Errorf("%s's export: %v, %d bytes written; want it refused, nothing written", who, err, out.Len())
		}
		if _, err := w.svc.ExportPeriod(w.ctx, w.people[who], "week"); !errors.Is(err, desk.ErrForbidden) {
			t.Errorf("%s may ask for an export: %v", who, err)
		}
	}
	if _, err := w.svc.ExportPeriod(w.ctx, w.people["boss"], "yesterday-ish"); !errors.Is(err, desk.ErrInvalid) {
		t.Errorf("a period that is none: %v", err)
	}
}

// An export larger than a chat takes fails with the person's reason
// rather than sending a file cut short; the command line's has no cap.
func TestExportTooBigForAChat(t *testing.T) {
	w := newWeekDesk(t)
	for range 5 {
		w.report(local(2, 9, 0), 0, 0)
	}
	w.now = local(2, 12, 0)
	var out bytes.Buffer
	if _, err := w.svc.Export(w.ctx, w.people["boss"], "today", &out); err != nil {
		t.Fatalf("an export under the cap: %v", err)
	}
	whole := out.Len()
	defer func(was int64) { *desk.ExportLimitForTest = was }(*desk.ExportLimitForTest)
	*desk.ExportLimitForTest = int64(whole - 1)
	var e *desk.Error
	if _, err := w.svc.Export(w.ctx, w.people["boss"], "today", io.Discard); !errors.As(err, &e) || e.Msg != "err.export_too_big" {
		t.Fatalf("an export a byte over the cap: %v; want err.export_too_big", err)
	}
	if n, err := w.svc.WriteCSV(w.ctx, io.Discard, desk.ExportFilter{}); err != nil || n != 5 {
		t.Fatalf("the command line's export: %d tickets, %v", n, err)
	}
}
