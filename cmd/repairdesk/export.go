package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
)

// exportHeader are the CSV's columns.
var exportHeader = []string{"number", "state", "zone", "building", "room", "address", "problem_type", "title",
	"description", "requester", "contact", "window_start", "window_end", "created_at", "claimed_by", "claimed_at",
	"waited_minutes", "repair_minutes", "repair_type", "result", "completed_at", "cancel_reason", "cancelled_at",
	"urges", "suspensions", "rating", "rating_comment"}

// runExport writes tickets as CSV: `repairdesk export -state completed
// -from 2026-01-01 -to 2026-02-01 -o january.csv`.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	state := fs.String("state", "", "only tickets in this state (pending, accepted, suspended, completed, cancelled)")
	from := fs.String("from", "", "only tickets created on or after this date (2006-01-02)")
	to := fs.String("to", "", "only tickets created before this date (2006-01-02)")
	out := fs.String("o", "-", "output file; - is standard output")
	// The store's settings come from the environment, as for the desk.
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var problems []string
	var ef repo.ExportFilter
	if *state != "" {
		ef.State = desk.State(*state)
		valid := false
		for _, s := range desk.States {
			valid = valid || s == ef.State
		}
		if !valid {
			problems = append(problems, fmt.Sprintf("-state: unknown state %q", *state))
		}
	}
	for _, d := range []struct {
		v   string
		dst *time.Time
		n   string
	}{{*from, &ef.From, "-from"}, {*to, &ef.To, "-to"}} {
		if d.v == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.v, time.Local)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: want a date like 2026-01-31, got %q", d.n, d.v))
		}
		*d.dst = t
	}
	cfg, err := loadConfig(nil, getenv, stderr)
	if err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		fmt.Fprintln(stderr, "export:\n  "+strings.Join(problems, "\n  "))
		return 2
	}
	logger := newLogger(cfg, stderr)
	db, err := repo.Open(ctx, repo.Options{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir}, logger)
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return 1
	}
	defer db.Close()
	st, err := db.Store.Settings(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return 1
	}
	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "export:", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	n, err := writeCSV(ctx, w, db.Store, ef, st.Location())
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return 1
	}
	fmt.Fprintf(stderr, "exported %d tickets\n", n)
	return 0
}

// writeCSV writes the tickets with a UTF-8 byte order mark, without which
// spreadsheet programs read Chinese text as mojibake.
func writeCSV(ctx context.Context, w io.Writer, store *repo.Store, ef repo.ExportFilter, loc *time.Location) (int, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	cw.Write(exportHeader)
	n := 0
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	err := store.Export(ctx, ef, func(t *desk.Ticket) error {
		end := t.UpdatedAt
		var claimedBy, repairType, result, cancelReason, comment string
		var claimedAt, completedAt, cancelledAt time.Time
		if t.Claim != nil {
			claimedBy, claimedAt = t.Claim.By.Name, t.Claim.At
		}
		if c := t.Completion; c != nil {
			repairType, result, completedAt = c.RepairType, c.Result, c.At
		}
		if c := t.Cancel; c != nil {
			cancelReason, cancelledAt = c.Reason, c.At
		}
		rating := ""
		if r := t.Rating; r != nil {
			rating, comment = strconv.Itoa(r.Stars), r.Comment
		}
		if !t.State.Final() {
			end = time.Now()
		}
		n++
		return cw.Write([]string{t.ID, string(t.State), t.Location.Zone, t.Location.Building, t.Location.Room,
			t.Location.Address, t.ProblemType, t.Title, t.Description, t.Requester.Name, t.Contact,
			ts(t.Window.Start), ts(t.Window.End), ts(t.CreatedAt), claimedBy, ts(claimedAt),
			strconv.Itoa(int(t.Waited(end).Minutes())), strconv.Itoa(int(t.UnderRepair(end).Minutes())),
			repairType, result, ts(completedAt), cancelReason, ts(cancelledAt),
			strconv.Itoa(len(t.Urges)), strconv.Itoa(len(t.Suspensions)), rating, comment})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}
