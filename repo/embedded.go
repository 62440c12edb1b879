package repo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// ErrDataDirInUse means another process has the embedded store's folder.
// Two processes on one folder would lose each other's updates (FerretDB
// serialises commands only within one connection of one process).
var ErrDataDirInUse = errors.New("data folder is in use by another repairdesk process")

// Embedded is a MongoDB-compatible store running inside this process:
// FerretDB over SQLite files in a folder, reached through the real driver
// over loopback.
type Embedded struct {
	dir    string
	uri    string
	unlock func() error
	cancel context.CancelFunc
	done   chan struct{}
}

// OpenEmbedded starts the embedded store in dir, creating it if needed.
func OpenEmbedded(ctx context.Context, dir string, logger *slog.Logger) (*Embedded, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	unlock, err := lockDir(abs)
	if err != nil {
		return nil, err
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:  "sqlite",
		// FerretDB wants a URI naming a directory, with a trailing slash.
		SQLiteURL: (&url.URL{Scheme: "file", Path: abs + "/", OmitHost: true}).String(),
		// FerretDB logs every connection at info level: keep only its
		// warnings and errors.
		Logger: slog.New(quiet{logger.Handler()}),
	})
	if err != nil {
		unlock()
		return nil, fmt.Errorf("start embedded store in %s: %w", abs, err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	e := &Embedded{dir: abs, uri: f.MongoDBURI(), unlock: unlock, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		f.Run(runCtx)
	}()
	if err := e.waitReady(ctx); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// waitReady waits until the listener accepts connections.
func (e *Embedded) waitReady(ctx context.Context) error {
	u, _ := url.Parse(e.uri)
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", u.Host, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("embedded store did not start: %w", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// URI is the address the driver connects to.
func (e *Embedded) URI() string { return e.uri }

// Dir is the data folder.
func (e *Embedded) Dir() string { return e.dir }

// Close stops the store, waits for it, and releases the folder.
func (e *Embedded) Close() error {
	e.cancel()
	select {
	case <-e.done:
	case <-time.After(30 * time.Second):
		return errors.New("embedded store did not stop")
	}
	return e.unlock()
}

// quiet passes on warnings and errors only.
type quiet struct{ slog.Handler }

func (q quiet) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && q.Handler.Enabled(ctx, l)
}

func (q quiet) WithAttrs(as []slog.Attr) slog.Handler { return quiet{q.Handler.WithAttrs(as)} }

func (q quiet) WithGroup(n string) slog.Handler { return quiet{q.Handler.WithGroup(n)} }
