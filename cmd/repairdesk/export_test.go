package main

import (
	"bytes"
	"context"
	"encoding/csv"
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
