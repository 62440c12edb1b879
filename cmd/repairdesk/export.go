package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
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

// storeFlags are the settings export takes as flags too: where the data
// is, and how to log.
var storeFlags = []string{"MONGODB_URI", "MONGODB_DATABASE", "DATA_DIR", "LOG_FORMAT", "LOG_LEVEL"}

// runExport writes tickets as CSV: `repairdesk export -state completed
// -from 2026-01-01 -to 2026-02-01 -o january.csv`.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	state := fs.String("state", "", "only tickets in this state (pending, accepted, suspended, completed, cancelled)")
	from := fs.String("from", "", "only tickets created on or after this date (2006-01-02), in the desk's time zone")
	to := fs.String("to", "", "only tickets created before this date (2006-01-02), in the desk's time zone")
	out := fs.String("o", "-", "output file; - is standard output")
	// The store's settings come from the environment, as for the desk, or
	// from the same flags.
	store := map[string]*string{}
	for _, st := range settings {
		if slices.Contains(storeFlags, st.env) {
			store[st.flag] = fs.String(st.flag, "", st.help+" (default: $"+st.env+" or "+strconv.Quote(st.def)+")")
		}
	}
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2
	}
	var problems []string
	if fs.NArg() > 0 {
		problems = append(problems, "unexpected arguments: "+strings.Join(fs.Args(), " "))
	}
	var ef repo.ExportFilter
	if *state != "" {
		ef.State = desk.State(*state)
		if !slices.Contains(desk.States, ef.State) {
			problems = append(problems, fmt.Sprintf("-state: unknown state %q", *state))
		}
	}
	// The dates are checked now and read later, in the desk's time zone:
	// the one its CSV shows times in.
	for _, d := range []struct{ v, n string }{{*from, "-from"}, {*to, "-to"}} {
		if _, err := time.Parse(time.DateOnly, d.v); d.v != "" && err != nil {
			problems = append(problems, fmt.Sprintf("%s: want a date like 2026-01-31, got %q", d.n, d.v))
		}
	}
	if *from != "" && *to != "" && *from >= *to {
		problems = append(problems, fmt.Sprintf("-from %s is not before -to %s: no ticket could match", *from, *to))
	}
	var cfgArgs []string
	for name, v := range store {
		if *v != "" {
			cfgArgs = append(cfgArgs, "-"+name+"="+*v)
		}
	}
	cfg, err := loadConfig(cfgArgs, getenv, stderr)
	if err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		fmt.Fprintln(stderr, "export:\n  "+strings.Join(problems, "\n  "))
		return 2
	}
	logger := newLogger(cfg, stderr)
	db, err := repo.Open(ctx, repo.Options{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir}, logger)
	if errors.Is(err, repo.ErrDataDirInUse) {
		fmt.Fprintln(stderr, "export:", err, "\n  The embedded store has one user at a time: stop the desk, export, and start it again.")
		return 1
	}
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
	loc := st.Location()
	if *from != "" {
		ef.From, _ = time.ParseInLocation(time.DateOnly, *from, loc)
	}
	if *to != "" {
		ef.To, _ = time.ParseInLocation(time.DateOnly, *to, loc)
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
	n, err := writeCSV(ctx, w, db.Store, ef, loc)
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
		// What people typed is kept from being read as a formula. The
		// contact is a checked phone number ("+86 …" must stay as it is).
		x := inert
		return cw.Write([]string{t.ID, string(t.State), x(t.Location.Zone), x(t.Location.Building), x(t.Location.Room),
			x(t.Location.Address), x(t.ProblemType), x(t.Title), x(t.Description), x(t.Requester.Name), t.Contact,
			ts(t.Window.Start), ts(t.Window.End), ts(t.CreatedAt), x(claimedBy), ts(claimedAt),
			strconv.Itoa(int(t.Waited(end).Minutes())), strconv.Itoa(int(t.UnderRepair(end).Minutes())),
			x(repairType), x(result), ts(completedAt), x(cancelReason), ts(cancelledAt),
			strconv.Itoa(len(t.Urges)), strconv.Itoa(len(t.Suspensions)), rating, x(comment)})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}

// inert makes a cell that a spreadsheet would run as a formula (one that
// begins with =, +, -, @, a tab or a carriage return) plain text, by
// putting an apostrophe before it: a title like =HYPERLINK(…) must not
// become a link, or worse, in the hands of whoever opens the export.
func inert(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
