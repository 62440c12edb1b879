package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The clock file sets the desk's time: a time stands still, an offset
// runs with the real clock, and a change is seen at the next reading.
func TestClockFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clock")
	c := newFileClock(path, slog.New(slog.DiscardHandler))
	if d := time.Since(c.Now()); d < -time.Second || d > time.Second {
		t.Fatalf("with no file the clock is %v off the real one", d)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	writeClock(t, path, at.Format(time.RFC3339))
	if got := c.Now(); !got.Equal(at) {
		t.Fatalf("clock %v, want %v", got, at)
	}
	writeClock(t, path, at.Add(3*time.Hour).Format(time.RFC3339))
	if got := c.Now(); !got.Equal(at.Add(3 * time.Hour)) {
		t.Fatalf("after a change: clock %v, want %v", got, at.Add(3*time.Hour))
	}
	writeClock(t, path, "nonsense")
	if got := c.Now(); !got.Equal(at.Add(3 * time.Hour)) {
		t.Fatalf("after a bad file: clock %v, want it unchanged", got)
	}
	writeClock(t, path, "-48h")
	if d := time.Since(c.Now()) - 48*time.Hour; d < -time.Second || d > time.Second {
		t.Fatalf("with an offset of -48h the clock is %v off", d)
	}
}

// writeClock replaces the clock file at once, as the end-to-end tests do,
// so that the desk never reads half of it.
func writeClock(t testing.TB, path, text string) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}
