// Command repairdesk runs the repair desk: the chat platforms, the
// scheduler and the local web chat, over MongoDB or the embedded store.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/repairdesk/repairdesk/bots/web"
	"github.com/repairdesk/repairdesk/chart"
	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/talk"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "export" {
		return runExport(ctx, args[1:], getenv, stdout, stderr)
	}
	cfg, err := loadConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	logger := newLogger(cfg, stderr)
	if err := serve(ctx, cfg, logger); err != nil {
		logger.Error("repairdesk stopped", "err", err)
		return 1
	}
	return 0
}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// serve runs the desk until ctx ends, then stops every part and waits for
// the work in progress to finish.
func serve(ctx context.Context, cfg config, logger *slog.Logger) error {
	started := time.Now()
	if cfg.CPUProfile != "" {
		stop, err := profileCPU(cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	db, err := repo.Open(ctx, repo.Options{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir}, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	store := db.Store
	svc := desk.NewService(store, store, store, store)
	if cfg.ClockFile != "" {
		// The scheduler reads the service's clock; timeouts, leases and
		// pacing keep the real one.
		svc.Now = newFileClock(cfg.ClockFile, logger).Now
		logger.Warn("the desk's clock is read from a file: for tests only", "file", cfg.ClockFile)
	}
	// The desk begins at its own clock's now, so that a test clock in
	// the past still has its digests.
	first, err := store.SeedAt(ctx, svc.Now())
	if err != nil {
		return fmt.Errorf("load default settings: %w", err)
	}
	logger.Info("data store ready", "where", db.Where, "embedded", cfg.MongoURI == "", "first_start", first)
	engine := conversation.New(svc, store, logger)
	paint := chartPainter(cfg, logger)
	engine.Charts = paint
	if !cfg.demoPeople() {
		if err := demoteDemoPeople(ctx, cfg, svc, logger); err != nil {
			return err
		}
	}
	if err := grantAdmins(ctx, svc, cfg.Admins); err != nil {
		return err
	}

	mux := http.NewServeMux()
	adapters, err := buildAdapters(ctx, cfg, svc, engine, store, logger, mux)
	if err != nil {
		return err
	}
	var parts []part
	var senders []talk.Sender
	for _, a := range adapters {
		senders = append(senders, a.sender)
		parts = append(parts, a.part)
	}

	dispatcher := notice.NewDispatcher(svc, store, logger, senders...)
	svc.Changed = dispatcher.Wake
	if cfg.MongoURI != "" {
		leaseDispatcher(dispatcher, store)
	} else {
		// Only this process writes the embedded store, and every write
		// that owes a notice wakes the dispatcher (svc.Changed): the poll
		// is a safety net, not how notices are found.
		dispatcher.Poll = embeddedPoll
	}
	m := newMetrics(svc, dispatcher, store.Commands, platformNames(senders), rejections(adapters)...)
	engine.StepObserver = m.observeStep
	dispatcher.OnResult = m.observeSend
	parts = append(parts, part{"dispatcher", dispatcher.Run})
	parts = append(parts, schedulerPart(cfg, svc, store, senders, paint, logger))
	opsRoutes(mux, db, m)

	srv, ln, err := listen(cfg, mux, adapters, logger, len(senders))
	if err != nil {
		return err
	}
	logger.Info("repairdesk ready", "http", "http://"+ln.Addr().String(), "web_chat", cfg.webChat(),
		"platforms", platformNames(senders), "startup_ms", time.Since(started).Milliseconds())
	return runParts(ctx, srv, ln, parts, logger)
}

// listen opens the HTTP address, and warns when the web chat, which has
// no login, can be reached by others.
func listen(cfg config, mux *http.ServeMux, adapters []adapter, logger *slog.Logger, platforms int) (*http.Server, net.Listener, error) {
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s: %w", cfg.HTTPAddr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	for _, a := range adapters {
		if a.close != nil {
			srv.RegisterOnShutdown(a.close)
		}
	}
	switch {
	case cfg.webChat() && !isLoopback(ln.Addr()):
		logger.Warn("the web chat has no login and is reachable from other machines", "addr", ln.Addr().String())
	case cfg.webChat() && platforms > 1:
		// Beside a real platform the chat is a back door to real tickets
		// for anyone who reaches the address, through a proxy too.
		logger.Warn("the web chat runs beside a chat platform and has no login; set WEB_CHAT=false unless only you can reach it",
			"addr", ln.Addr().String())
	}
	return srv, ln, nil
}

// runParts runs every part and the HTTP server until ctx ends or one of
// them fails, then stops taking requests, lets those in flight finish, and
// stops the parts and waits for them, before the store closes.
func runParts(ctx context.Context, srv *http.Server, ln net.Listener, parts []part, logger *slog.Logger) error {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(parts)+1)
	for _, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.run(runCtx); err != nil && runCtx.Err() == nil {
				errs <- fmt.Errorf("%s: %w", p.name, err)
			}
		}()
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("http: %w", err)
		}
	}()

	var failed error
	select {
	case <-ctx.Done():
		logger.Info("shutting down")
	case failed = <-errs:
	}
	shutdownCtx, done := context.WithTimeout(context.Background(), 15*time.Second)
	defer done()
	srv.Shutdown(shutdownCtx)
	cancel()
	wg.Wait()
	logger.Info("stopped")
	return failed
}

// embeddedPoll is how often the dispatcher reads the outboxes unwoken on
// the embedded store; with MongoDB another copy may write, and the lease
// keeps it short.
const embeddedPoll = 30 * time.Second

// leaseDispatcher lets one of several copies sharing a MongoDB deliver
// notices at a time. The lease is short and renewed at every pass (the
// dispatcher passes at least every Poll), so a copy that dies is taken
// over within the term, and one that stops gives it back at once. The
// embedded store needs none: its folder lock lets one process open it.
func leaseDispatcher(d *notice.Dispatcher, store *repo.Store) {
	const term = 20 * time.Second
	me := instanceName()
	d.Poll = min(d.Poll, term/4)
	d.LeaseCheck = term / 4
	d.Lease = func(ctx context.Context) (bool, error) { return store.Lease(ctx, "dispatcher", me, term) }
	d.Unlease = func(ctx context.Context) error { return store.ReleaseLease(ctx, "dispatcher", me) }
}

// chartPainter draws the weekly chart with the configured Chinese font,
// or the first found in the usual places.
func chartPainter(cfg config, logger *slog.Logger) *chart.Painter {
	if cfg.ChartFont != "" {
		return chart.New(logger, cfg.ChartFont)
	}
	return chart.New(logger)
}

// part is one long-running piece of the program.
type part struct {
	name string
	run  func(ctx context.Context) error
}

func platformNames(ss []talk.Sender) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Platform())
	}
	return out
}

// instanceName tells this copy of the program from others on one database.
func instanceName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%d", host, os.Getpid(), time.Now().UnixNano())
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// demoteDemoPeople takes the roles of the demo people that a desk tried
// on the same data left in the store, on a desk that does not run the
// demo: whoever reaches the web chat could act as them, a demo admin
// included. Their tickets and profiles stay. An account the operator
// names in ADMINS is theirs to keep.
func demoteDemoPeople(ctx context.Context, cfg config, svc *desk.Service, logger *slog.Logger) error {
	var people []web.Person
	for _, p := range web.DemoPeople() {
		if !slices.Contains(cfg.Admins, p.Account()) {
			people = append(people, p)
		}
	}
	demoted, err := web.Demote(ctx, svc, people)
	if err != nil {
		return err
	}
	if len(demoted) == 0 {
		return nil
	}
	why := "a Telegram or Slack token is set"
	if !cfg.platform() {
		why = "DEMO=false"
	}
	reset := "stop the desk and delete the data folder " + cfg.DataDir + " to start afresh"
	if cfg.MongoURI != "" {
		reset = "stop the desk and drop the database " + cfg.Database + " to start afresh (its tickets go too)"
	}
	logger.Warn("the demo people left in the store by a tried desk have lost their roles: this desk does not run the demo",
		"why", why, "people", demoted, "reset", reset, "keep_playing", "set DEMO=true (and WEB_CHAT=true beside a chat platform)")
	return nil
}

// grantAdmins makes the configured accounts admins: the first admin has
// to come from somewhere other than an admin.
func grantAdmins(ctx context.Context, svc *desk.Service, accounts []string) error {
	for _, a := range accounts {
		u, err := svc.Account(ctx, a, "")
		if err != nil {
			return fmt.Errorf("admin %s: %w", a, err)
		}
		if _, err := svc.GrantBootstrap(ctx, u.ID, desk.RoleAdmin); err != nil {
			return fmt.Errorf("admin %s: %w", a, err)
		}
	}
	return nil
}
