package repo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

func TestEmbeddedKeepsDataAcrossReopening(t *testing.T) {
	ctx := t.Context()
	// A space in the path: the folder reaches SQLite through two URIs.
	dir := filepath.Join(t.TempDir(), "data folder")

	e := openTestEmbedded(t, dir)
	c, err := Connect(ctx, e.URI(), true)
	if err != nil {
		t.Fatal(err)
	}
	col := c.Database("repairdesk").Collection("things")
	if _, err := col.InsertOne(ctx, bson.D{{Key: "_id", Value: "a"}, {Key: "n", Value: 7}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Disconnect(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "repairdesk.sqlite")); err != nil {
		t.Fatalf("database file: %v", err)
	}

	e = openTestEmbedded(t, dir)
	c = connectTest(t, e)
	var got struct{ N int }
	err = c.Database("repairdesk").Collection("things").FindOne(ctx, bson.D{{Key: "_id", Value: "a"}}).Decode(&got)
	if err != nil || got.N != 7 {
		t.Fatalf("after reopening: %+v, %v", got, err)
	}
}

func TestEmbeddedSecondOpenInProcessRefused(t *testing.T) {
	dir := t.TempDir()
	first := openTestEmbedded(t, dir)

	_, err := OpenEmbedded(t.Context(), dir, testLogger(t))
	if !errors.Is(err, ErrDataDirInUse) {
		t.Fatalf("second open: %v, want ErrDataDirInUse", err)
	}
	want := fmt.Sprintf("data folder %s is in use by another repairdesk process", dir)
	if err.Error() != want {
		t.Fatalf("second open said %q, want %q", err, want)
	}

	// Closing the first releases the folder.
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	openTestEmbedded(t, dir)
}

// lockChildEnv names the folder TestEmbeddedLockChild opens when this
// test binary runs again as a second process.
const lockChildEnv = "REPAIRDESK_TEST_EMBEDDED_LOCK_DIR"

// Exit codes of TestEmbeddedLockChild.
const (
	childOpened = 0
	childInUse  = 3
	childFailed = 4
)

func TestEmbeddedSecondProcessRefused(t *testing.T) {
	dir := t.TempDir()
	first := openTestEmbedded(t, dir)

	code, out := runLockChild(t, dir)
	if code != childInUse {
		t.Fatalf("second process: exit %d, want %d (folder in use); it said:\n%s", code, childInUse, out)
	}
	if want := fmt.Sprintf("data folder %s is in use by another repairdesk process", dir); !strings.Contains(out, want) {
		t.Fatalf("second process said:\n%s\nwant %q", out, want)
	}

	// Once this process lets go, another one can open the folder.
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if code, out := runLockChild(t, dir); code != childOpened {
		t.Fatalf("process after close: exit %d, want %d; it said:\n%s", code, childOpened, out)
	}
}

// runLockChild runs TestEmbeddedLockChild in a new process of this test
// binary and returns its exit code and output.
func runLockChild(t *testing.T, dir string) (int, string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestEmbeddedLockChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), lockChildEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &exit):
		return exit.ExitCode(), string(out)
	default:
		t.Fatalf("run second process: %v", err)
		return 0, ""
	}
}

// TestEmbeddedLockChild is the second process of
// TestEmbeddedSecondProcessRefused: it tries the folder and says by its
// exit code what happened.
func TestEmbeddedLockChild(t *testing.T) {
	dir := os.Getenv(lockChildEnv)
	if dir == "" {
		t.Skip("runs only as the second process of TestEmbeddedSecondProcessRefused")
	}
	e, err := OpenEmbedded(context.Background(), dir, slog.New(slog.DiscardHandler))
	switch {
	case errors.Is(err, ErrDataDirInUse):
		fmt.Println(err)
		os.Exit(childInUse)
	case err != nil:
		fmt.Println(err)
		os.Exit(childFailed)
	}
	if err := e.Close(); err != nil {
		fmt.Println(err)
		os.Exit(childFailed)
	}
	os.Exit(childOpened)
}

// One connection makes a conditional update atomic: of many clients
// racing to move a document out of "pending", exactly one wins.
func TestEmbeddedConditionalUpdateHasOneWinner(t *testing.T) {
	const rounds, racers = 100, 64
	ctx := t.Context()
	col := connectTest(t, newTestEmbedded(t)).Database("repairdesk").Collection("claims")
	if _, err := col.InsertOne(ctx, bson.D{{Key: "_id", Value: "job"}, {Key: "state", Value: "pending"}}); err != nil {
		t.Fatal(err)
	}
	filter := bson.D{{Key: "_id", Value: "job"}, {Key: "state", Value: "pending"}}
	for round := range rounds {
		var wins atomic.Int32
		var wg sync.WaitGroup
		errs := make(chan error, racers)
		for r := range racers {
			wg.Go(func() {
				update := bson.D{{Key: "$set", Value: bson.D{{Key: "state", Value: "accepted"}, {Key: "by", Value: r}}}}
				err := col.FindOneAndUpdate(ctx, filter, update).Err()
				switch {
				case err == nil:
					wins.Add(1)
				case !errors.Is(err, mongo.ErrNoDocuments):
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
		if n := wins.Load(); n != 1 {
			t.Fatalf("round %d: %d winners, want 1", round, n)
		}
		reset := bson.D{{Key: "$set", Value: bson.D{{Key: "state", Value: "pending"}}}}
		if _, err := col.UpdateOne(ctx, bson.D{{Key: "_id", Value: "job"}}, reset); err != nil {
			t.Fatal(err)
		}
	}
}

// One connection makes $inc lose nothing.
func TestEmbeddedConcurrentIncrementsAllCount(t *testing.T) {
	const n = 50
	ctx := t.Context()
	col := connectTest(t, newTestEmbedded(t)).Database("repairdesk").Collection("counters")
	id := bson.D{{Key: "_id", Value: "c"}}
	if _, err := col.InsertOne(ctx, bson.D{{Key: "_id", Value: "c"}, {Key: "n", Value: 0}}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			_, err := col.UpdateOne(ctx, id, bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}})
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var got struct{ N int }
	if err := col.FindOne(ctx, id).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.N != n {
		t.Fatalf("n = %d after %d concurrent $inc", got.N, n)
	}
}

// FerretDB speaks at info level for every connection, and warns with a
// dump of the response for every command that fails; a normal run, with
// a command that fails as some do at every start, logs nothing.
func TestEmbeddedIsQuiet(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := t.Context()
	e, err := OpenEmbedded(ctx, t.TempDir(), logger)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Connect(ctx, e.URI(), true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Database("repairdesk").Collection("x").InsertOne(ctx, bson.D{{Key: "a", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Database("repairdesk").CreateCollection(ctx, "x"); err == nil {
		t.Fatal("creating a collection that exists succeeded")
	}
	if err := c.Disconnect(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); s != "" {
		t.Errorf("the embedded store logged:\n%s", s)
	}
}

func TestQuietHandlerKeepsWhatMatters(t *testing.T) {
	var buf syncBuffer
	l := slog.New(quietHandler{Handler: slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})}).With("name", "listener").WithGroup("g").With("query", 1)
	l.Info("Connection started")
	l.Warn("Response header: length: 121, id: 4, response_to: 7, opcode: OP_MSG")
	l.Warn("Response message:\n{...}\n")
	l.Warn("Failed to set deadline: set tcp 127.0.0.1:1: use of closed network connection")
	if s := buf.String(); s != "" {
		t.Fatalf("logged:\n%s", s)
	}
	l.Warn("Connection stopped", "error", "read: connection reset")
	l.Error("Response header: length: 121, id: 4, response_to: 7, opcode: OP_MSG")
	l.Warn("Failed to set deadline: invalid argument")
	if n := strings.Count(buf.String(), "\n"); n != 3 {
		t.Fatalf("kept %d records, want 3:\n%s", n, buf.String())
	}
	// The logger's attributes and group, added before, are in each.
	if n := strings.Count(buf.String(), "name=listener g.query=1 g.error="); n != 1 {
		t.Errorf("attributes and group not kept:\n%s", buf.String())
	}
}

func TestEmbeddedURIIsLoopbackWithOneConnection(t *testing.T) {
	e := newTestEmbedded(t)
	opts := options.Client().ApplyURI(e.URI())
	if err := opts.Validate(); err != nil {
		t.Fatalf("%s: %v", e.URI(), err)
	}
	if len(opts.Hosts) != 1 || !strings.HasPrefix(opts.Hosts[0], "127.0.0.1:") {
		t.Errorf("hosts %v, want one on 127.0.0.1", opts.Hosts)
	}
	if opts.MaxPoolSize == nil || *opts.MaxPoolSize != 1 {
		t.Errorf("%s: the URI alone must give a pool of one connection", e.URI())
	}
}

// syncBuffer is a bytes.Buffer that FerretDB's goroutines may write to
// at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
