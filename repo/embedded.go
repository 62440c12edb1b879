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
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// ErrDataDirInUse means another process (or another OpenEmbedded in this
// one) has the embedded store's folder. Two stores on one folder would
// lose each other's updates: FerretDB serialises commands only within one
// connection of one process. Test for it with errors.Is; the error itself
// names the folder.
var ErrDataDirInUse = errors.New("data folder is in use by another repairdesk process")

// dirInUseError names the folder in its message and still matches
// ErrDataDirInUse, so that a person reading the log knows which folder
// and code can test for the condition.
type dirInUseError struct{ dir string }

func (e *dirInUseError) Error() string {
	return fmt.Sprintf("data folder %s is in use by another repairdesk process", e.dir)
}

func (e *dirInUseError) Is(target error) bool { return target == ErrDataDirInUse }

// lockFileName is the file in the data folder that the running store
// holds a lock on. It does not end in ".sqlite", so FerretDB, which opens
// every "*.sqlite" file in the folder as a database, leaves it alone.
const lockFileName = "repairdesk.lock"

// Embedded is a MongoDB-compatible store running inside this process:
// FerretDB over SQLite files in a folder, served on a loopback port and
// reached through the real driver, so the code above it is the same as
// for a real MongoDB.
type Embedded struct {
	dir    string // absolute
	uri    string
	unlock func() error
	cancel context.CancelFunc
	done   chan struct{} // closed when FerretDB's Run has returned

	closeOnce sync.Once
	closeErr  error
}

// newMu serialises ferretdb.New: it writes a package-level variable of
// FerretDB's (the version's "package" field), which would be a data race
// when two stores start at once, as parallel tests do.
var newMu sync.Mutex

// stopTimeout bounds how long Close waits for FerretDB to stop. FerretDB
// gives connected clients 3 seconds to hang up before it drops them, so
// this is ample.
const stopTimeout = 30 * time.Second

// OpenEmbedded starts the embedded store in dir, creating the folder if
// needed. Only one store at a time may use a folder: a second one, in this
// process or another, gets an error that matches ErrDataDirInUse. The
// store listens on 127.0.0.1 at a port of the system's choosing; connect
// to URI with Connect(ctx, e.URI(), true). Close it before the process
// exits, so that FerretDB closes its SQLite files cleanly.
//
// logger receives FerretDB's warnings and errors only; nil means
// slog.Default().
func OpenEmbedded(ctx context.Context, dir string, logger *slog.Logger) (*Embedded, error) {
	if dir == "" {
		return nil, errors.New("embedded store: no data folder given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("data folder %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	// Lock before FerretDB opens a file, so a second copy never touches
	// the data at all.
	unlock, err := lockDir(abs, dir)
	if err != nil {
		return nil, err
	}

	if logger == nil {
		logger = slog.Default()
	}
	newMu.Lock()
	f, err := ferretdb.New(&ferretdb.Config{
		// Port 0: the system picks a free port and FerretDB binds it
		// here in New, so there is no window in which another program
		// could take a port we picked; MongoDBURI reports the real one.
		Listener: ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:  "sqlite",
		// FerretDB wants a file: URI naming an existing directory, with
		// a trailing slash; it keeps one SQLite file per database in it.
		SQLiteURL: (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs) + "/", OmitHost: true}).String(),
		// FerretDB logs every connection and command at info level or
		// below, and a nil logger would mean slog.Default(): keep only
		// its warnings and errors.
		Logger: slog.New(quietHandler{Handler: logger.Handler()}),
	})
	newMu.Unlock()
	if err != nil {
		_ = unlock()
		return nil, fmt.Errorf("start embedded store in %s: %w", abs, err)
	}

	// Run's context is not ctx: ctx bounds the start only, and the store
	// must keep running after OpenEmbedded returns, until Close.
	runCtx, cancel := context.WithCancel(context.Background())
	e := &Embedded{dir: abs, unlock: unlock, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		_ = f.Run(runCtx) // always nil; it returns once everything is closed
	}()

	addr, err := listenAddress(f)
	if err == nil {
		err = waitAccepting(ctx, addr)
	}
	if err != nil {
		_ = e.Close()
		return nil, fmt.Errorf("start embedded store in %s: %w", abs, err)
	}
	e.uri = embeddedURI(addr)
	return e, nil
}

// listenAddress returns the host:port f listens on. FerretDB v1.24 binds
// its listener in New, so this does not block (its documentation warns
// that MongoDBURI may wait for Run in other versions).
func listenAddress(f *ferretdb.FerretDB) (string, error) {
	u, err := url.Parse(f.MongoDBURI())
	if err != nil {
		return "", err
	}
	return u.Host, nil
}

// embeddedURI is the connection string for the store at addr.
// directConnection: there is one server and it is not a replica set.
// maxPoolSize=1: the store is only safe over one connection (see
// Connect), and putting it in the URI keeps that true for a client made
// from the URI alone, without Connect.
func embeddedURI(addr string) string {
	q := url.Values{"directConnection": {"true"}, "maxPoolSize": {"1"}}
	return (&url.URL{Scheme: "mongodb", Host: addr, Path: "/", RawQuery: q.Encode()}).String()
}

// waitAccepting waits until addr accepts TCP connections. FerretDB has
// opened its SQLite files and bound the port by the time New returns, so
// this normally succeeds at once; it guards against a listener that
// failed to come up, with a clear error instead of a driver time-out.
func waitAccepting(ctx context.Context, addr string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var d net.Dialer
	for {
		c, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			return c.Close()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s does not accept connections: %w", addr, err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// URI is the connection string of the running store, for Connect.
func (e *Embedded) URI() string { return e.uri }

// Dir is the absolute path of the data folder.
func (e *Embedded) Dir() string { return e.dir }

// Close stops the store, waits until FerretDB has closed every connection
// and SQLite file, and only then releases the folder, so that the next
// store on it never meets files still being written. Disconnect clients
// first, or Close waits the 3 seconds FerretDB gives them. Calling Close
// again returns the first result.
func (e *Embedded) Close() error {
	e.closeOnce.Do(func() {
		e.cancel()
		select {
		case <-e.done:
			e.closeErr = e.unlock()
		case <-time.After(stopTimeout):
			// Keep the lock: the store may still be writing.
			e.closeErr = fmt.Errorf("embedded store in %s did not stop within %s", e.dir, stopTimeout)
		}
	})
	return e.closeErr
}

// quietHandler passes on FerretDB's warnings and errors only, less its
// dumps of failed commands.
type quietHandler struct {
	slog.Handler
	// with are the attributes and groups added to the logger, handed to
	// Handler only when a record is logged: FerretDB adds attributes for
	// every query it runs, and a TextHandler formats them at once, a few
	// per cent of the desk's CPU under load for records almost never
	// written.
	with []func(slog.Handler) slog.Handler
}

// Handle drops two warnings of FerretDB's that say nothing to a person
// running the desk:
//
//   - the dump of a command that answered ok: 0, two records with the
//     whole response, logged for every one. The client gets that error
//     and deals with it, and some are routine: the driver's endSessions,
//     which FerretDB v1 does not know, fails at every Disconnect, and
//     creating a collection that exists fails at every start. A response
//     that closes the connection is logged as an error and kept.
//   - "Failed to set deadline: ... use of closed network connection",
//     from a race in FerretDB between a client hanging up and the end of
//     the connection's context: the connection is gone either way.
func (q quietHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelError && isFerretNoise(r.Message) {
		return nil
	}
	h := q.Handler
	for _, w := range q.with {
		h = w(h)
	}
	return h.Handle(ctx, r)
}

func isFerretNoise(msg string) bool {
	return strings.HasPrefix(msg, "Response header: ") ||
		strings.HasPrefix(msg, "Response message:") ||
		(strings.HasPrefix(msg, "Failed to set deadline: ") && strings.HasSuffix(msg, "use of closed network connection"))
}

func (q quietHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && q.Handler.Enabled(ctx, l)
}

func (q quietHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return q.and(func(h slog.Handler) slog.Handler { return h.WithAttrs(as) })
}

func (q quietHandler) WithGroup(name string) slog.Handler {
	return q.and(func(h slog.Handler) slog.Handler { return h.WithGroup(name) })
}

func (q quietHandler) and(w func(slog.Handler) slog.Handler) slog.Handler {
	return quietHandler{q.Handler, append(slices.Clip(q.with), w)}
}
