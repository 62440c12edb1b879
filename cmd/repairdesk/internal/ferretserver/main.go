// Command ferretserver runs FerretDB over SQLite as a process of its own,
// for the fault suite of cmd/repairdesk: the desk, pointed at it with
// MONGODB_URI, then runs against a store it does not own, which the suite
// stops and starts again on the same port and folder, as an operator's
// database would go down and come back. It is not part of the desk.
//
//	ferretserver -listen 127.0.0.1:27018 -dir ./store
//
// It prints "ready <mongodb URI>" once it accepts connections and runs
// until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on")
	dir := flag.String("dir", "", "folder of the SQLite files")
	flag.Parse()
	if err := run(*listen, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "ferretserver:", err)
		os.Exit(1)
	}
}

func run(listen, dir string) error {
	if dir == "" {
		return fmt.Errorf("no -dir given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return err
	}
	// FerretDB logs every connection at info level: keep its warnings.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Handler:   "sqlite",
		SQLiteURL: (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs) + "/", OmitHost: true}).String(),
		Logger:    logger,
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()
	u, err := url.Parse(f.MongoDBURI())
	if err != nil {
		return err
	}
	if err := waitAccepting(u.Host); err != nil {
		return err
	}
	fmt.Println("ready", f.MongoDBURI())
	<-done
	return nil
}

// waitAccepting waits until addr takes connections, so that "ready" is
// true when it is printed.
func waitAccepting(addr string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s does not accept connections: %w", addr, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
