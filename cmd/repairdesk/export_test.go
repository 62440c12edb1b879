package main

import (
	"bytes"
	"encoding/csv"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
)

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

	// While the desk holds the embedded store, the export says where to
	// ask for one instead.
	errs.Reset()
	if code := run(t.Context(), []string{"export", "-data", dir}, env, &out, &errs); code != 1 || !strings.Contains(errs.String(), "/export") {
		t.Fatalf("export from a store in use: exit %d\n%s", code, errs.String())
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
