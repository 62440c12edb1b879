package main

import (
	"bytes"
	"strings"
	"testing"
)

// The tool runs end to end, briefly: two people on Telegram with the
// pacing lifted, and one report each for the web chat's demo people. The
// figures are the tool's to print, not the test's to judge.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the desk")
	}
	for _, args := range [][]string{
		{"-people", "2", "-pace", "lifted"},
		{"-platform", "web", "-rounds", "1"},
	} {
		var out bytes.Buffer
		if err := run(t.Context(), args, &out); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
		if s := out.String(); !strings.Contains(s, "unanswered 0") || !strings.Contains(s, "store commands") {
			t.Errorf("%v printed:\n%s", args, s)
		}
	}
}

// With -idle nobody talks, and the figures are per minute.
func TestSmokeIdle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the desk")
	}
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-idle", "1s"}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if s := out.String(); !strings.Contains(s, "telegram, idle") || !strings.Contains(s, "s/min") || !strings.Contains(s, "/min (") {
		t.Errorf("printed:\n%s", s)
	}
}
