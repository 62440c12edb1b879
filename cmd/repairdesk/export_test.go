package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

func TestExportWritesChineseIntact(t *testing.T) {
	store := repotest.Open(t)
	ctx := context.Background()
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
	a, err := svc.Report(ctx, u, r)
	if err != nil {
		t.Fatal(err)
	}
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
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Archive(ctx, b.ID); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	n, err := writeCSV(ctx, &out, store, repo.ExportFilter{}, time.UTC)
	if err != nil || n != 2 {
		t.Fatalf("exported %d, %v", n, err)
	}
	if !strings.HasPrefix(out.String(), "\ufeff") {
		t.Fatal("no byte order mark: spreadsheets would garble the Chinese text")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "number" {
		t.Fatalf("rows: %v", rows)
	}
	byID := map[string][]string{}
	for _, row := range rows[1:] {
		byID[row[0]] = row
	}
	if got := byID[a.ID]; got[1] != "pending" || got[7] != "空调不制冷" || got[8] != "一直吹热风, \"急\"" || got[9] != "王小明" {
		t.Fatalf("pending row: %v", got)
	}
	if got := byID[b.ID]; got[1] != "cancelled" || got[21] != "已自行恢复" {
		t.Fatalf("cancelled (archived) row: %v", got)
	}

	out.Reset()
	n, err = writeCSV(ctx, &out, store, repo.ExportFilter{State: desk.Cancelled}, time.UTC)
	if err != nil || n != 1 {
		t.Fatalf("filtered by state: %d, %v", n, err)
	}
	out.Reset()
	n, _ = writeCSV(ctx, &out, store, repo.ExportFilter{From: time.Now().Add(time.Hour)}, time.UTC)
	if n != 0 {
		t.Fatalf("filtered by date: %d", n)
	}
}

// A title or a name that a spreadsheet would run as a formula is exported
// as text; a phone number keeps its plus sign.
func TestExportedTextIsNoFormula(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","点我")`: `'=HYPERLINK("http://x","点我")`,
		"+1+cmd|' /C calc'!A0":        "'+1+cmd|' /C calc'!A0",
		"-2+3":                        "'-2+3",
		"@SUM(A1)":                    "'@SUM(A1)",
		"\t=1":                        "'\t=1",
		"空调不制冷":                       "空调不制冷",
		"":                            "",
	} {
		if got := inert(in); got != want {
			t.Errorf("inert(%q) = %q, want %q", in, got, want)
		}
	}
}

// The export command: its help, its store flags, its dates read in the
// desk's time zone, and every problem with its arguments told at once.
func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	env := func(string) string { return "" }
	var out, errs bytes.Buffer
	if code := run(t.Context(), []string{"export", "-h"}, env, &out, &errs); code != 0 || !strings.Contains(errs.String(), "-data") {
		t.Fatalf("export -h: exit %d\n%s", code, errs.String())
	}
	errs.Reset()
	code := run(t.Context(), []string{"export", "-state", "lost", "-from", "2026-02-01", "-to", "2026-01-01", "-data", dir}, env, &out, &errs)
	if code != 2 || !strings.Contains(errs.String(), `unknown state "lost"`) || !strings.Contains(errs.String(), "is not before") {
		t.Fatalf("bad arguments: exit %d\n%s", code, errs.String())
	}

	// A ticket reported at 00:30 on 23 November in the desk's time zone
	// (Shanghai), which is still the 22nd in UTC.
	db, err := repo.Open(t.Context(), repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	store := db.Store
	if _, err := store.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	svc.Now = func() time.Time { return time.Date(2026, 11, 23, 0, 30, 0, 0, shanghai) }
	if _, err := svc.SetSetting(t.Context(), &desk.User{Roles: []desk.Role{desk.RoleAdmin}}, "timezone", "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	u, _ := svc.Account(t.Context(), "test:li", "zh")
	if u, err = svc.Register(t.Context(), u, desk.Profile{Name: "李", Phone: "13800000000", Department: "图书馆"}); err != nil {
		t.Fatal(err)
	}
	c, _ := store.Catalog(t.Context())
	if _, err := svc.Report(t.Context(), u, desk.Report{Location: desk.Location{Zone: c.Zones[0].Name, Building: c.Zones[0].Buildings[0]},
		ProblemType: c.ProblemTypes[0], Title: "灯不亮", Description: "整层", Contact: "13800000000"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, tc := range []struct {
		args []string
		rows int
	}{
		{[]string{"-from", "2026-11-23"}, 1},
		{[]string{"-to", "2026-11-23"}, 0},
		{[]string{"-from", "2026-11-22", "-to", "2026-11-23"}, 0},
	} {
		out.Reset()
		errs.Reset()
		args := append([]string{"export", "-data", dir}, tc.args...)
		if code := run(t.Context(), args, env, &out, &errs); code != 0 {
			t.Fatalf("%v: exit %d\n%s", tc.args, code, errs.String())
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out.String(), "\ufeff"))).ReadAll()
		if err != nil || len(rows)-1 != tc.rows {
			t.Errorf("%v: %d rows (%v), want %d\n%s", tc.args, len(rows)-1, err, tc.rows, out.String())
		}
	}
}
