package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The end-to-end tests start the real program, built from this package,
// as an operator would: configured by the environment, talking to fake
// chat platforms over HTTP, keeping its data in the embedded store.

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

func buildBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "repairdesk-e2e")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "repairdesk")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
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
