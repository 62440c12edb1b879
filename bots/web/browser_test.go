package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// chromium is where Debian's chromium package puts the browser; the test
// drives it with playwright-core from the repository's package.json.
const chromium = "/usr/bin/chromium"

// TestBrowser serves the web chat over a fresh embedded store, with the
// dispatcher running, and has e2e/flow.mjs take a ticket through every
// state in headless Chromium. Without the browser tools it skips, unless
// REPAIRDESK_REQUIRE_BROWSER=1 (as in CI) makes that a failure.
func TestBrowser(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	require := os.Getenv("REPAIRDESK_REQUIRE_BROWSER") == "1"
	var missing []string
	node, err := exec.LookPath("node")
	if err != nil {
		missing = append(missing, "node (apt-get install -y nodejs)")
	}
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, chromium+" (apt-get install -y chromium)")
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "playwright-core", "package.json")); err != nil {
		missing = append(missing, "node_modules/playwright-core (npm ci at the repository root)")
	}
	if len(missing) > 0 {
		if require {
			t.Fatalf("REPAIRDESK_REQUIRE_BROWSER=1 but the browser test cannot run; missing: %q", missing)
		}
		t.Skipf("browser test skipped; missing: %q (set REPAIRDESK_REQUIRE_BROWSER=1 to make this a failure)", missing)
	}
	if testing.Short() && !require {
		t.Skip("browser test skipped in -short mode")
	}

	s := newSite(t)
	ctx, cancel := context.WithCancel(t.Context())
	s.svc.Changed = s.disp.Wake
	s.disp.Poll = 250 * time.Millisecond
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s.disp.Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-stopped })

	shot := filepath.Join(t.ArtifactDir(), "webchat.png")
	run, stop := context.WithTimeout(ctx, 2*time.Minute)
	defer stop()
	cmd := exec.CommandContext(run, node, filepath.Join("bots", "web", "e2e", "flow.mjs"), s.srv.URL, shot)
	cmd.Dir = root
	// Playwright closes the browser it started on an interrupt; a kill
	// would leave Chromium running.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	t.Logf("flow.mjs:\n%s", out)
	if err != nil {
		t.Fatalf("browser flow failed: %v", err)
	}
	if fi, err := os.Stat(shot); err != nil || fi.Size() == 0 {
		t.Errorf("no screenshot at %s: %v", shot, err)
	} else {
		t.Logf("screenshot: %s", shot)
		keepArtifact(t, shot)
	}
}

// keepArtifact copies a file into $REPAIRDESK_ARTIFACTS, which CI sets:
// go test keeps t.ArtifactDir only when run with -artifacts, and CI runs
// the plain test command.
func keepArtifact(t *testing.T, path string) {
	dir := os.Getenv("REPAIRDESK_ARTIFACTS")
	if dir == "" {
		return
	}
	data, err := os.ReadFile(path)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, filepath.Base(path)), data, 0o644)
	}
	if err != nil {
		t.Errorf("keep %s: %v", path, err)
	}
}
