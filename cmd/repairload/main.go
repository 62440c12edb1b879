// Command repairload measures the desk under load: simulated people play
// the report dialogue with no pause between steps against the built
// program, through the fake Telegram Bot API or the web chat, and it
// prints what the desk gave them and what it cost.
//
//	go run ./cmd/repairload -people 100                 # Telegram, Telegram's limits
//	go run ./cmd/repairload -people 100 -pace lifted    # the desk's own pacing lifted
//	go run ./cmd/repairload -platform web -rounds 5     # the web chat's demo people
//	go run ./cmd/repairload -pace lifted -cpuprofile cpu.pprof  # and the desk's CPU profile
//	go run ./cmd/repairload -idle 1m                    # the desk connected, nobody talking
//	go run ./cmd/repairload -platform web -idle 1m      # the desk as it starts with no platform
//
// Each person registers (/start), reports a broken lock from /report to
// Submit, and lists their tickets (/mine): seventeen steps on Telegram.
// A step's latency runs from the input's arrival at the fake to the last
// message of its answer. With the default pacing the fake enforces
// Telegram's limits and counts the 429s it answers. With -idle nobody
// talks: what the desk costs while nothing happens (its timers, its
// polls, the store's own work) is measured for that long.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"time"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "repairload:", err)
		os.Exit(1)
	}
}

// options are the tool's flags.
type options struct {
	platform string
	people   int
	rounds   int
	pace     string
	bin      string
	patience time.Duration
	dispatch bool
	profile  string
	idle     time.Duration
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("repairload", flag.ContinueOnError)
	fs.StringVar(&o.platform, "platform", "telegram", "telegram or web")
	fs.IntVar(&o.people, "people", 100, "simulated people on Telegram")
	fs.IntVar(&o.rounds, "rounds", 5, "reports each of the web chat's demo people files (5 an hour are allowed by default)")
	fs.StringVar(&o.pace, "pace", "default", "default: Telegram's limits, enforced by the fake; lifted: the desk's pacing off, none enforced")
	fs.StringVar(&o.bin, "bin", "", "the repairdesk binary; empty: build it from this module")
	fs.DurationVar(&o.patience, "patience", time.Minute, "how long a person will wait for an answer; longer waits are counted")
	fs.BoolVar(&o.dispatch, "dispatch", true, "post each report in a dispatch group (a broadcast beside the answers)")
	fs.DurationVar(&o.idle, "idle", 0, "nobody talks: measure the desk idle, connected to the platform, for this long")
	fs.StringVar(&o.profile, "cpuprofile", "", "write the desk's CPU profile of the run to this file (go tool pprof -top reads it)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.pace != "default" && o.pace != "lifted" {
		return fmt.Errorf("-pace: want default or lifted, got %q", o.pace)
	}
	dir, err := os.MkdirTemp("", "repairload")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if o.bin == "" {
		if o.bin, err = build(dir); err != nil {
			return err
		}
	}
	switch o.platform {
	case "telegram":
		return loadTelegram(ctx, o, dir, out)
	case "web":
		return loadWeb(ctx, o, dir, out)
	}
	return fmt.Errorf("-platform: want telegram or web, got %q", o.platform)
}

func loadTelegram(ctx context.Context, o options, dir string, out io.Writer) error {
	srv := telegramtest.NewServer("123456:load")
	defer srv.Close()
	env := map[string]string{"TELEGRAM_TOKEN": srv.Token, "TELEGRAM_API_URL": srv.URL, "WEB_CHAT": "false"}
	if o.dispatch {
		env["TELEGRAM_DISPATCH_CHAT"] = strconv.Itoa(dispatchGroup)
	}
	if o.pace == "default" {
		// A little jitter is allowed: the fake takes a message some time
		// after the desk's limiter let it go.
		srv.Enforce(telegramtest.TelegramLimits, 50*time.Millisecond)
	} else {
		for _, k := range []string{"TELEGRAM_LIMIT_CHAT", "TELEGRAM_LIMIT_GROUP", "TELEGRAM_LIMIT_OVERALL"} {
			env[k] = "off"
		}
	}
	name := fmt.Sprintf("telegram, %d people, pacing %s", o.people, o.pace)
	if o.idle > 0 {
		return measure(ctx, o, dir, env, "telegram, idle", out, idle(o.idle), srv.TooMany)
	}
	return measure(ctx, o, dir, env, name, out, func(ctx context.Context, d *desk, rec *recorder) error {
		return runTelegram(ctx, srv, o.people, 3*time.Minute, rec)
	}, srv.TooMany)
}

func loadWeb(ctx context.Context, o options, dir string, out io.Writer) error {
	name := fmt.Sprintf("web chat, the demo people, %d reports each", o.rounds)
	env := map[string]string{"WEB_CHAT": "true"}
	if o.idle > 0 {
		return measure(ctx, o, dir, env, "web chat, idle", out, idle(o.idle), func() int { return 0 })
	}
	return measure(ctx, o, dir, env, name, out,
		func(ctx context.Context, d *desk, rec *recorder) error {
			return runWeb(ctx, "http://"+d.addr, o.rounds, rec)
		}, func() int { return 0 })
}

// measure starts the desk, runs the people, and prints what it took.
func measure(ctx context.Context, o options, dir string, env map[string]string, name string, out io.Writer,
	play func(context.Context, *desk, *recorder) error, tooMany func() int) error {
	if o.profile != "" {
		abs, err := filepath.Abs(o.profile)
		if err != nil {
			return err
		}
		env["CPU_PROFILE"] = abs
	}
	d, err := startDesk(o.bin, dir, env)
	if err != nil {
		return err
	}
	defer d.stop()
	cpu0, err := d.cpu()
	if err != nil {
		return err
	}
	cmd0, err := d.commands()
	if err != nil {
		return err
	}
	rec := &recorder{}
	start := time.Now()
	playErr := play(ctx, d, rec)
	wall := time.Since(start)
	cpu1, _ := d.cpu()
	cmd1, _ := d.commands()
	res := rec.result(name)
	res.wall, res.cpu, res.patience, res.tooMany = wall, cpu1-cpu0, o.patience, tooMany()
	res.idle = o.idle > 0
	res.commands = map[string]int64{}
	for k, v := range cmd1 {
		if v -= cmd0[k]; v > 0 {
			res.commands[k] = v
		}
	}
	res.peakRSS, _ = d.peakRSS()
	res.print(out)
	if playErr != nil {
		return fmt.Errorf("%w\ndesk log:\n%s", playErr, tail(d.log.String(), 40))
	}
	return nil
}

// idle plays nobody for d: the desk runs connected with nothing to do.
func idle(d time.Duration) func(context.Context, *desk, *recorder) error {
	return func(ctx context.Context, _ *desk, _ *recorder) error {
		select {
		case <-time.After(d):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			if n--; n == 0 {
				return s[i+1:]
			}
		}
	}
	return s
}
