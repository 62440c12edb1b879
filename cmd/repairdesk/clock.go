package main

import (
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"
)

// fileClock is the desk's clock read from a file (CLOCK_FILE), for tests
// only: the end-to-end tests run the real program, and the rules that
// wait hours or days (overdue, escalation, reminders, the digest, working
// hours) can be seen only if time can be moved from outside it.
//
// The file holds either an RFC 3339 time, at which the clock stands still
// until the file changes, so that what the scheduler does at each tick is
// decided by the test alone; or a signed duration ("72h", "-30m"), by
// which the clock runs ahead of (or behind) the real one. With no file
// yet, the clock is the real one.
//
// Only the desk's domain reads it (desk.Service.Now, and the scheduler
// through it): timeouts, leases, pacing and HTTP keep the real clock, so
// a jump of days does not make the program think its own work hung. The
// seen store stamps its keys with the real clock, and the scheduler's
// hourly prune forgets those older than a week by the desk's: a clock set
// more than a week ahead would forget fresh ones, so the tests set theirs
// in the past.
type fileClock struct {
	path string
	log  *slog.Logger

	mu     sync.Mutex
	stat   os.FileInfo // of the file last read; nil before any
	at     time.Time   // the time the file holds, or zero
	offset time.Duration
}

func newFileClock(path string, log *slog.Logger) *fileClock {
	c := &fileClock{path: path, log: log}
	c.Now() // reads the file now, so that a bad one is reported at start
	return c
}

// Now reads the file again when it has changed: a stat per call, cheap
// beside what the desk does with the time it asks for.
func (c *fileClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, err := os.Stat(c.path); err == nil && !c.same(st) {
		c.read(st)
	}
	if !c.at.IsZero() {
		return c.at
	}
	return time.Now().Add(c.offset)
}

// same reports whether st is the file last read, unchanged. A test that
// replaces the file by renaming a new one over it changes its identity
// even within the file system's mtime resolution.
func (c *fileClock) same(st os.FileInfo) bool {
	return c.stat != nil && os.SameFile(c.stat, st) && st.ModTime().Equal(c.stat.ModTime()) && st.Size() == c.stat.Size()
}

// read takes the file's time or offset. A file that cannot be read, or
// holds neither, leaves the clock as it was and says why.
func (c *fileClock) read(st os.FileInfo) {
	b, err := os.ReadFile(c.path)
	if err != nil {
		c.log.Warn("clock file unreadable; the clock is unchanged", "file", c.path, "err", err)
		return
	}
	at, offset, err := parseClock(string(b))
	if err != nil {
		c.log.Warn("clock file unreadable; the clock is unchanged", "file", c.path, "err", err)
		return
	}
	c.stat, c.at, c.offset = st, at, offset
	c.log.Info("clock set from file", "file", c.path, "at", at, "offset", offset)
}

// parseClock reads "2026-03-02T09:00:00+08:00" (a time) or "-1h30m" (an
// offset from the real clock).
func parseClock(s string) (time.Time, time.Duration, error) {
	s = strings.TrimSpace(s)
	if at, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return at, 0, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return time.Time{}, d, nil
	}
	return time.Time{}, 0, fmt.Errorf("want an RFC 3339 time or a duration, got %q", s)
}
