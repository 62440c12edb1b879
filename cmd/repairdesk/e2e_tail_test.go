package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// What the tests below share: a clock the test moves (CLOCK_FILE), the
// admin's settings, and registering several people at once.

// shanghai is the desk's default time zone; the tests' times are written
// in it so that they read as the desk shows them.
var shanghai = time.FixedZone("CST", 8*3600)

// testClock is the clock file of a desk under test. Its time stands still
// until the test moves it; the scheduler, which ticks every second, then
// decides every rule as of the new time at its next tick.
type testClock struct {
	t    *testing.T
	path string
	at   time.Time
}

// newTestClock starts a desk's clock at at, and puts it in env.
func newTestClock(t *testing.T, env map[string]string, at time.Time) *testClock {
	c := &testClock{t: t, path: filepath.Join(t.TempDir(), "clock")}
	c.set(at)
	env["CLOCK_FILE"] = c.path
	return c
}

func (c *testClock) set(at time.Time) {
	c.t.Helper()
	c.at = at
	writeClock(c.t, c.path, at.Format(time.RFC3339))
}

func (c *testClock) advance(d time.Duration) { c.t.Helper(); c.set(c.at.Add(d)) }

// changeSetting changes one of the desk's settings as an admin does.
func changeSetting(admin person, key, value string) {
	admin.command("admin", "Administration:")
	admin.press("Settings", "Which setting?")
	admin.press(key, key+" is")
	admin.say(value, "Saved: "+key+" = ")
}

// registerAll registers people taking the steps of each in turn, so that
// no one's chat runs into the platform's pace while the others wait. Each
// entry is a person and their phone.
func registerAll(people ...registration) {
	steps := []func(r registration){
		func(r registration) { r.p.command("start", "name?") },
		func(r registration) { r.p.press(r.p.name(), "phone") },
		func(r registration) { r.p.sharePhone(r.phone, "department") },
		func(r registration) { r.p.say("Campus", "registered") },
	}
	for _, step := range steps {
		for _, r := range people {
			step(r)
		}
	}
}

type registration struct {
	p     person
	phone string
}

// grantAll grants roles through /admin: account → role label.
func grantAll(admin person, grants ...[2]string) {
	for _, g := range grants {
		grant(admin, g[0], g[1])
	}
}

// postWith reports whether a post holds every want.
func postWith(want ...string) func(post) bool {
	return func(p post) bool { return contains(p.body, want...) }
}

// countPosts counts the posts of g that hold every want.
func countPosts(gs groups, g group, want ...string) int {
	n := 0
	for _, p := range gs.posts(g) {
		if contains(p.body, want...) {
			n++
		}
	}
	return n
}

// lines returns the lines of text that hold sub.
func lines(text, sub string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return out
}
