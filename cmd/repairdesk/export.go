package main

import (
	"context"
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
	var ef desk.ExportFilter
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
		fmt.Fprintln(stderr, "export:", err, "\n  The embedded store has one user at a time, and the desk is running on it. Ask the desk"+
			"\n  instead: as a supervisor or an admin, /export with a period (or the CSV button under /stats)"+
			"\n  sends the file in the chat while the desk keeps running. Or stop the desk, export, start it again.")
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
	n, err := desk.NewService(db.Store, db.Store, db.Store, db.Store).WriteCSV(ctx, w, ef)
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return 1
	}
	fmt.Fprintf(stderr, "exported %d tickets\n", n)
	return 0
}
