package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The end-to-end tests start the real program, built from this package,
// as an operator would: configured by the environment, talking to fake
// chat platforms over HTTP, keeping its data in the embedded store.

// built is a program the tests build once, from a package of this
// module, into a temporary folder.
type built struct {
	once sync.Once
	path string
	err  error
}

// get builds pkg the first time it is asked for and returns the program.
func (b *built) get(t testing.TB, name, pkg string) string {
	t.Helper()
	b.once.Do(func() {
		dir, err := os.MkdirTemp("", "repairdesk-"+name)
		if err != nil {
			b.err = err
			return
		}
		b.path = filepath.Join(dir, name)
		out, err := exec.Command("go", "build", "-o", b.path, pkg).CombinedOutput()
		if err != nil {
			b.err = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

var deskProgram built

func buildBinary(t testing.TB) string {
	t.Helper()
	return deskProgram.get(t, "repairdesk", ".")
}

// running is a running program.
type running struct {
	cmd    *exec.Cmd
	logs   *syncBuffer
	addr   string
	exited chan error
	killed bool
}

// startDesk runs the program with env on a fresh data folder and waits
// until it is ready. It is stopped with SIGTERM when the test ends, and
// must then exit cleanly.
func startDesk(t *testing.T, env map[string]string) *running {
	t.Helper()
	return startDeskIn(t, env, t.TempDir())
}

// pacedLimits are the settings of the pace kept to each chat and group.
var pacedLimits = []string{"TELEGRAM_LIMIT_CHAT", "TELEGRAM_LIMIT_GROUP", "SLACK_LIMIT_CHANNEL"}

// withPlatformPacing has the program keep the platforms' published
// limits, its defaults, as it does in use.
func withPlatformPacing(env map[string]string) {
	for _, s := range settings {
		if slices.Contains(pacedLimits, s.env) {
			env[s.env] = s.def
		}
	}
}

// kill stops the program as a crash would, with SIGKILL, and waits until
// it is gone.
func (d *running) kill(t *testing.T) {
	t.Helper()
	d.killed = true
	d.cmd.Process.Kill()
	<-d.exited
}

// startDeskIn is startDesk on a given data folder, so that a test can
// start the program again where an earlier run left its data.
func startDeskIn(t *testing.T, env map[string]string, dataDir string) *running {
	t.Helper()
	d := &running{logs: &syncBuffer{}, addr: freeAddr(t), exited: make(chan error, 1)}
	d.cmd = exec.Command(buildBinary(t))
	d.cmd.Env = append(os.Environ(), "HTTP_ADDR="+d.addr, "DATA_DIR="+dataDir, "SCHEDULER_TICK=1s")
	// The platforms' pacing is lifted: it is tested where it is the
	// subject (the adapters' pacing tests, the load tool, and the whole
	// ticket life on each platform, withPlatformPacing); elsewhere it
	// would only make a scenario wait out Telegram's 20 messages a minute
	// to a group. env comes after, and wins.
	for _, k := range pacedLimits {
		d.cmd.Env = append(d.cmd.Env, k+"=off")
	}
	for k, v := range env {
		d.cmd.Env = append(d.cmd.Env, k+"="+v)
	}
	d.cmd.Stdout, d.cmd.Stderr = d.logs, d.logs
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := d.exited
	go func() { exited <- d.cmd.Wait() }()
	t.Cleanup(func() {
		if d.killed {
			return
		}
		d.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("the desk exited with %v; log:\n%s", err, d.logs)
			}
		case <-time.After(30 * time.Second):
			d.cmd.Process.Kill()
			t.Errorf("the desk did not stop within 30 s of SIGTERM; log:\n%s", d.logs)
		}
		if t.Failed() {
			t.Logf("desk log:\n%s", d.logs)
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + d.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return d
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("the desk exited before it was ready: %v\n%s", err, d.logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the desk was not ready within 60 s; log:\n%s", d.logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitUntil polls cond until it holds, or fails the test with what it
// was waiting for and the transcript at hand.
func waitUntil(t *testing.T, what string, cond func() bool, context func() string) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 45 s for %s; seen so far:\n%s", what, context())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
