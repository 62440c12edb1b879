package main

import (
	"bufio"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// storeServer is FerretDB run as a process of its own
// (internal/ferretserver), so that the desk runs against a store it does
// not own, which the fault suite stops and starts again on the same
// address and folder.
type storeServer struct {
	addr, dir string
	binary    string
	cmd       *exec.Cmd
	exited    chan error
	logs      *syncBuffer
}

var storeProgram built

func buildStoreServer(t testing.TB) string {
	t.Helper()
	return storeProgram.get(t, "ferretserver", "./internal/ferretserver")
}

// startStoreServer starts the store on a free loopback port and a fresh
// folder; it is stopped when the test ends.
func startStoreServer(t *testing.T) *storeServer {
	t.Helper()
	s := &storeServer{addr: freeAddr(t), dir: t.TempDir(), logs: &syncBuffer{}, binary: buildStoreServer(t)}
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.stop() })
	return s
}

// uri is the desk's MONGODB_URI for the store: one connection, since
// FerretDB loses updates across several (see repo.Connect).
func (s *storeServer) uri() string {
	q := url.Values{"directConnection": {"true"}, "maxPoolSize": {"1"}}
	return (&url.URL{Scheme: "mongodb", Host: s.addr, Path: "/", RawQuery: q.Encode()}).String()
}

// start runs the store and waits until it takes connections.
func (s *storeServer) start() error {
	s.cmd = exec.Command(s.binary, "-listen", s.addr, "-dir", s.dir)
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	s.cmd.Stderr = s.logs
	if err := s.cmd.Start(); err != nil {
		return err
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		said := false
		for sc.Scan() {
			if !said && strings.HasPrefix(sc.Text(), "ready ") {
				said = true
				ready <- true
			}
		}
		if !said {
			ready <- false
		}
	}()
	s.exited = make(chan error, 1)
	go func(cmd *exec.Cmd, exited chan error) { exited <- cmd.Wait() }(s.cmd, s.exited)
	select {
	case ok := <-ready:
		if !ok {
			return fmt.Errorf("the store did not start: %s", s.logs)
		}
		return nil
	case <-time.After(60 * time.Second):
		return fmt.Errorf("the store was not ready within 60 s: %s", s.logs)
	}
}

// stop stops the store as an operator would, and waits until it is gone.
func (s *storeServer) stop() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
}
