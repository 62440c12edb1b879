package main

import (
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkStartToReady measures what an operator waits for: from starting
// the built program with no configuration (the embedded store, the web
// chat, the demo data) until /readyz answers 200. "fresh" starts on an
// empty data folder every time, so it includes creating the store and
// loading the first-start data; "restart" reopens one folder.
func BenchmarkStartToReady(b *testing.B) {
	bin := buildBinary(b)
	b.Run("fresh", func(b *testing.B) {
		for b.Loop() {
			stop := startReady(b, bin, b.TempDir())
			b.StopTimer()
			stop()
			b.StartTimer()
		}
	})
	b.Run("restart", func(b *testing.B) {
		dir := b.TempDir()
		startReady(b, bin, dir)()
		for b.Loop() {
			stop := startReady(b, bin, dir)
			b.StopTimer()
			stop()
			b.StartTimer()
		}
	})
}

// BenchmarkIdleMemory reports the resident memory of the program with no
// configuration after it has been ready and idle for ten seconds, in MB.
// Run it with -benchtime 1x: each iteration takes those ten seconds.
func BenchmarkIdleMemory(b *testing.B) {
	bin := buildBinary(b)
	var total float64
	for i := 0; i < b.N; i++ {
		addr := freeAddr(b)
		cmd := startProgram(b, bin, b.TempDir(), addr)
		waitReady(b, cmd, addr)
		time.Sleep(10 * time.Second)
		total += rssMB(b, cmd.Process.Pid)
		stopProgram(b, cmd)
	}
	b.ReportMetric(total/float64(b.N), "MB-rss")
}

// startReady starts the program on dir, waits for /readyz and returns how
// to stop it.
func startReady(b *testing.B, bin, dir string) func() {
	addr := freeAddr(b)
	cmd := startProgram(b, bin, dir, addr)
	waitReady(b, cmd, addr)
	return func() { stopProgram(b, cmd) }
}

func startProgram(b *testing.B, bin, dir, addr string) *exec.Cmd {
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "HTTP_ADDR="+addr, "DATA_DIR="+dir)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	return cmd
}

// waitReady polls /readyz every millisecond, so that the figure is the
// program's and not the polling's.
func waitReady(b *testing.B, cmd *exec.Cmd, addr string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	b.Fatal("the program was not ready within 30 s")
}

func stopProgram(b *testing.B, cmd *exec.Cmd) {
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		b.Fatalf("the program exited with %v", err)
	}
}

// rssMB reads VmRSS from Linux's /proc.
func rssMB(b *testing.B, pid int) float64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Skipf("no /proc here: %v", err)
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				b.Fatalf("VmRSS: %q", rest)
			}
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmRSS in /proc status")
	return 0
}
