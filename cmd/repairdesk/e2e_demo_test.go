package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stop stops the program as an operator would, with SIGTERM, and waits
// until it has exited cleanly, so that the next run can open its data.
func (d *running) stop(t *testing.T) {
	t.Helper()
	d.killed = true // nothing left for the cleanup to stop
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-d.exited:
		if err != nil {
			t.Fatalf("the desk exited with %v; log:\n%s", err, d.logs)
		}
	case <-time.After(30 * time.Second):
		d.cmd.Process.Kill()
		t.Fatalf("the desk did not stop within 30 s of SIGTERM; log:\n%s", d.logs)
	}
}

// webGet answers a GET of the desk's web chat: status and body.
func (d *running) webGet(t *testing.T, path string) (int, string) {
	t.Helper()
	res, err := http.Get("http://" + d.addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// The demo's people live only on a desk started for the demo. A folder
// first run with no token has a demo admin, web:alex; once a Telegram
// token is added on that folder, the web chat is no longer served by
// itself, and when it is asked for, the demo admin is an admin no more.
func TestDemoPeopleDoNotOutliveTheDemo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	tried := startDeskIn(t, nil, dir)
	if code, body := tried.webGet(t, "/"); code != http.StatusOK || !strings.Contains(body, "<html") {
		t.Fatalf("web chat page on a first run: %d", code)
	}
	if code, body := tried.webGet(t, "/api/menu?person=alex"); code != http.StatusOK || !strings.Contains(body, `"role":"admin"`) {
		t.Fatalf("alex's menu on the demo: %d %s", code, body)
	}
	tried.stop(t)

	srv := telegramtestServer(t)
	real := startDeskIn(t, telegramEnv(srv), dir)
	if code, _ := real.webGet(t, "/"); code != http.StatusNotFound {
		t.Errorf("web chat page beside Telegram, WEB_CHAT unset: %d, want 404", code)
	}
	if code, _ := real.webGet(t, "/api/people"); code != http.StatusNotFound {
		t.Errorf("web chat people beside Telegram, WEB_CHAT unset: %d, want 404", code)
	}
	for _, want := range []string{"demo people", "alex", "delete the data folder", "DEMO=true"} {
		if !strings.Contains(real.logs.String(), want) {
			t.Errorf("log does not say %q:\n%s", want, real.logs)
		}
	}
	real.stop(t)

	env := telegramEnv(srv)
	env["WEB_CHAT"] = "true"
	opened := startDeskIn(t, env, dir)
	if !strings.Contains(opened.logs.String(), "the web chat runs beside a chat platform") {
		t.Errorf("no warning about the web chat beside Telegram:\n%s", opened.logs)
	}
	if code, body := opened.webGet(t, "/api/people"); code != http.StatusOK || strings.Contains(body, `"roles":["requester","admin"]`) {
		t.Errorf("the switcher beside Telegram: %d %s, want no admin", code, body)
	}
	if code, body := opened.webGet(t, "/api/menu?person=alex"); code != http.StatusOK || strings.Contains(body, `"role":"admin"`) {
		t.Errorf("alex's menu beside Telegram: %d %s, want no admin", code, body)
	}
	body, _ := json.Marshal(map[string]string{"person": "alex", "kind": "text", "text": "/admin"})
	res, err := http.Post("http://"+opened.addr+"/api/send", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/admin as alex: status %d", res.StatusCode)
	}
	if _, history := opened.webGet(t, "/api/history?person=alex"); !strings.Contains(history, "You are not allowed to do that") {
		t.Errorf("/admin as alex beside Telegram is not refused:\n%s", history)
	}
}
