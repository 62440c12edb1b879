package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log the program writes while the test reads it.
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

func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// The desk with no configuration: the embedded store, the web chat and
// the operational endpoints; SIGTERM (a cancelled context) stops it.
func TestServeWithNoConfiguration(t *testing.T) {
	addr := freeAddr(t)
	ctx, stop := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-http", addr, "-data", t.TempDir()}, func(string) string { return "" }, io.Discard, logs)
	}()
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if code, _ := get("/readyz"); code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready in 30 s; log:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, body := get("/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("/healthz: %d %q", code, body)
	}
	code, body := get("/metrics")
	for _, want := range []string{"repairdesk_tickets{state=\"pending\"} 0", "repairdesk_notices_pending",
		"repairdesk_notices_failed_total{platform=\"web\"} 0", "repairdesk_updates_total{platform=\"web\"} 0"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if code, body := get("/"); code != 200 || !strings.Contains(body, "<html") {
		t.Errorf("web chat page: %d", code)
	}
	if code, body := get("/api/people"); code != 200 || !strings.Contains(body, "王小明") {
		t.Errorf("demo people: %d %s", code, body)
	}
	stop()
	select {
	case c := <-done:
		if c != 0 {
			t.Fatalf("exit code %d; log:\n%s", c, logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("did not stop within 30 s")
	}
	for _, want := range []string{"data store ready", "repairdesk ready", "shutting down", "stopped"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

func TestBadConfigurationExitsWithEveryProblem(t *testing.T) {
	var stderr bytes.Buffer
	code := run(t.Context(), []string{"-http", "nowhere", "-log-level", "loud"}, func(string) string { return "" }, io.Discard, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "HTTP_ADDR") || !strings.Contains(stderr.String(), "LOG_LEVEL") {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
}

// /metrics on a loopback address follows the web chat's rule: this
// machine only, by localhost or the address, and not through a proxy.
// The health checks stay open to whatever probes them.
func TestMetricsOnlyForThisMachine(t *testing.T) {
	addr := freeAddr(t)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-http", addr, "-data", t.TempDir(), "-web=false"}, func(string) string { return "" }, io.Discard, io.Discard)
	}()
	defer func() {
		stop()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("did not stop within 30 s")
		}
	}()
	get := func(path, host, header string) int {
		t.Helper()
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		if host != "" {
			_, port, _ := net.SplitHostPort(addr)
			req.Host = host + ":" + port
		}
		if name, value, ok := strings.Cut(header, ": "); ok {
			req.Header.Set(name, value)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	waitUntil(t, "the desk to be ready", func() bool { return get("/readyz", "", "") == http.StatusOK }, func() string { return "" })
	for _, tc := range []struct {
		name, path, host, header string
		want                     int
	}{
		{"metrics/address", "/metrics", "", "", http.StatusOK},
		{"metrics/localhost", "/metrics", "localhost", "", http.StatusOK},
		{"metrics/rebound-name", "/metrics", "evil.example", "", http.StatusMisdirectedRequest},
		{"metrics/proxied", "/metrics", "", "X-Forwarded-For: 203.0.113.7", http.StatusForbidden},
		{"metrics/proxied-forwarded", "/metrics", "", "Forwarded: for=203.0.113.7", http.StatusForbidden},
		{"healthz/any-name", "/healthz", "desk.example", "", http.StatusOK},
		{"readyz/proxied", "/readyz", "", "X-Forwarded-For: 203.0.113.7", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := get(tc.path, tc.host, tc.header); got != tc.want {
				t.Errorf("status %d, want %d", got, tc.want)
			}
		})
	}
}
