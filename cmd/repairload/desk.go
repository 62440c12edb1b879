package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// desk is the program under load: the built binary, run as an operator
// runs it, on a data folder of its own.
type desk struct {
	cmd    *exec.Cmd
	addr   string
	log    *logBuffer
	exited chan error
}

// build compiles the desk into dir, from the module the tool is run in.
func build(dir string) (string, error) {
	bin := filepath.Join(dir, "repairdesk")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/repairdesk/repairdesk/cmd/repairdesk").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// startDesk runs bin with env on a fresh data folder in dir and waits
// until it is ready.
func startDesk(bin, dir string, env map[string]string) (*desk, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	d := &desk{addr: addr, log: &logBuffer{}, exited: make(chan error, 1)}
	d.cmd = exec.Command(bin)
	d.cmd.Env = append(os.Environ(), "HTTP_ADDR="+addr, "DATA_DIR="+filepath.Join(dir, "data"), "LOG_LEVEL=warn")
	for k, v := range env {
		d.cmd.Env = append(d.cmd.Env, k+"="+v)
	}
	d.cmd.Stdout, d.cmd.Stderr = d.log, d.log
	if err := d.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { d.exited <- d.cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return d, nil
			}
		}
		select {
		case err := <-d.exited:
			return nil, fmt.Errorf("the desk exited before it was ready: %v\n%s", err, d.log)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			d.cmd.Process.Kill()
			return nil, fmt.Errorf("the desk was not ready within 60 s\n%s", d.log)
		}
	}
}

// stop ends the desk with SIGTERM, as an operator would.
func (d *desk) stop() error {
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-d.exited:
		return err
	case <-time.After(30 * time.Second):
		d.cmd.Process.Kill()
		return errors.New("the desk did not stop within 30 s of SIGTERM")
	}
}

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat's
// times: 100 on every Linux the desk runs on.
const clockTicks = 100

// cpu is the processor time the desk has used, user and system.
func (d *desk) cpu() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", d.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: count fields
	// from after it. utime and stime are the 14th and 15th fields.
	rest := string(b[bytes.LastIndexByte(b, ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// peakRSS is the most memory the desk has held resident (VmHWM), in bytes.
func (d *desk) peakRSS() (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", d.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, nil
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// commands reads the store's database commands by name from /metrics:
// each is a round trip.
func (d *desk) commands() (map[string]int64, error) {
	resp, err := http.Get("http://" + d.addr + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := map[string]int64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), `repairdesk_store_commands_total{command="`)
		if !ok {
			continue
		}
		name, value, _ := strings.Cut(rest, `"} `)
		n, _ := strconv.ParseFloat(value, 64)
		out[name] = int64(n)
	}
	return out, sc.Err()
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// logBuffer keeps the desk's log; the process writes it while the tool
// may read it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
