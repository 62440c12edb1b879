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

// interleave takes one step of each sequence in turn. The sequences are
// different people's, in their own chats: each chat's pace then runs
// beside the others' instead of after them.
func interleave(seqs ...[]func()) {
	for i := 0; ; i++ {
		more := false
		for _, s := range seqs {
			if i < len(s) {
				s[i]()
				more = true
			}
		}
		if !more {
			return
		}
	}
}

// grantSteps are the steps of granting roles through /admin, one pair of
// account and role label after another.
func grantSteps(admin person, grants ...[2]string) []func() {
	var steps []func()
	for _, g := range grants {
		steps = append(steps,
			func() { admin.command("admin", "Administration:") },
			func() { admin.press("Roles", "Whom?") },
			func() { admin.say(g[0], "grant (+) or revoke") },
			func() { admin.press(g[1], "now has roles") })
	}
	return steps
}

// settingSteps are the steps of changing one setting through /admin.
func settingSteps(admin person, key, value string) []func() {
	return []func(){
		func() { admin.command("admin", "Administration:") },
		func() { admin.press("Settings", "Which setting?") },
		func() { admin.press(key, key+" is") },
		func() { admin.say(value, "Saved: "+key+" = ") },
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
