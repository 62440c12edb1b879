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
	"sync"
	"syscall"
	"time"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
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
	db, err := repo.Open(ctx, repo.Options{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir}, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	store := db.Store
	first, err := store.Seed(ctx)
	if err != nil {
		return fmt.Errorf("load default settings: %w", err)
	}
	logger.Info("data store ready", "where", db.Where, "embedded", cfg.MongoURI == "", "first_start", first)

	svc := desk.NewService(store, store, store, store)
	engine := conversation.New(svc, store, logger)
	if err := grantAdmins(ctx, svc, cfg.Admins); err != nil {
		return err
	}

	var parts []part
	var senders []talk.Sender
	mux := http.NewServeMux()
	adapters, err := buildAdapters(ctx, cfg, svc, engine, store, logger, mux)
	if err != nil {
		return err
	}
	for _, a := range adapters {
		senders = append(senders, a.sender)
		parts = append(parts, a.part)
	}

	dispatcher := conversation.NewDispatcher(svc, store, logger, senders...)
	svc.Changed = dispatcher.Wake
	me := instanceName()
	dispatcher.Lease = func(ctx context.Context) (bool, error) {
		return store.Lease(ctx, "dispatcher", me, 2*time.Minute)
	}
	m := newMetrics(svc, dispatcher, platformNames(senders), rejections(adapters)...)
	engine.StepObserver = m.observeStep
	dispatcher.OnResult = m.observeSend
	parts = append(parts, part{"dispatcher", dispatcher.Run})
	parts = append(parts, schedulerPart(cfg, svc, store, senders, logger))
	opsRoutes(mux, db, m)

	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.HTTPAddr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	for _, a := range adapters {
		if a.close != nil {
			srv.RegisterOnShutdown(a.close)
		}
	}
	logger.Info("repairdesk ready", "http", "http://"+ln.Addr().String(), "web_chat", cfg.WebChat,
		"platforms", platformNames(senders), "startup_ms", time.Since(started).Milliseconds())
	switch {
	case cfg.WebChat && !isLoopback(ln.Addr()):
		logger.Warn("the web chat has no login and is reachable from other machines", "addr", ln.Addr().String())
	case cfg.WebChat && len(senders) > 1:
		// Beside a real platform the chat is a back door to real tickets
		// for anyone who reaches the address, through a proxy too.
		logger.Warn("the web chat runs beside a chat platform and has no login; set WEB_CHAT=false unless only you can reach it",
			"addr", ln.Addr().String())
	}

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
	// Stop taking requests, let those in flight finish, then stop the
	// parts and wait for them before the store closes (deferred above).
	shutdownCtx, done := context.WithTimeout(context.Background(), 15*time.Second)
	defer done()
	srv.Shutdown(shutdownCtx)
	cancel()
	wg.Wait()
	logger.Info("stopped")
	return failed
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
