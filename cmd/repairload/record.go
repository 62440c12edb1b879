package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// recorder gathers what the people saw.
type recorder struct {
	mu        sync.Mutex
	latencies []time.Duration
	fails     int
	messages  int
}

func (r *recorder) step(d time.Duration) {
	r.mu.Lock()
	r.latencies = append(r.latencies, d)
	r.mu.Unlock()
}

func (r *recorder) failed() {
	r.mu.Lock()
	r.fails++
	r.mu.Unlock()
}

func (r *recorder) message() {
	r.mu.Lock()
	r.messages++
	r.mu.Unlock()
}

// result is one run's figures.
type result struct {
	name     string
	wall     time.Duration
	steps    int
	fails    int
	messages int
	tooMany  int
	lat      []time.Duration // sorted
	cpu      time.Duration
	commands map[string]int64
	peakRSS  int64
	patience time.Duration
	idle     bool // nobody talked: figures per minute, not per step
}

func (r *recorder) result(name string) result {
	r.mu.Lock()
	defer r.mu.Unlock()
	lat := slices.Clone(r.latencies)
	slices.Sort(lat)
	return result{name: name, steps: len(lat), fails: r.fails, messages: r.messages, lat: lat}
}

func (r result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(p * float64(len(r.lat)-1))
	return r.lat[i]
}

func (r result) over(d time.Duration) int {
	n := len(r.lat) - sort.Search(len(r.lat), func(i int) bool { return r.lat[i] > d })
	return n
}

func (r result) print(w io.Writer) {
	if r.idle {
		r.printIdle(w)
		return
	}
	steps := max(r.steps, 1)
	secs := r.wall.Seconds()
	fmt.Fprintf(w, "%s\n", r.name)
	fmt.Fprintf(w, "  steps           %d in %.1f s: %.1f steps/s; unanswered %d\n", r.steps, secs, float64(r.steps)/secs, r.fails)
	if r.messages > 0 {
		fmt.Fprintf(w, "  messages        %d sent or edited: %.1f/s; 429s %d\n", r.messages, float64(r.messages)/secs, r.tooMany)
	}
	fmt.Fprintf(w, "  latency         p50 %s  p90 %s  p99 %s  max %s; over %s: %d\n",
		ms(r.pct(0.50)), ms(r.pct(0.90)), ms(r.pct(0.99)), ms(r.pct(1)), r.patience, r.over(r.patience))
	fmt.Fprintf(w, "  desk CPU        %.2f s: %.2f ms/step\n", r.cpu.Seconds(), float64(r.cpu.Microseconds())/1000/float64(steps))
	var total int64
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(r.commands)) {
		total += r.commands[name]
		parts = append(parts, fmt.Sprintf("%s %.2f", name, float64(r.commands[name])/float64(steps)))
	}
	fmt.Fprintf(w, "  store commands  %d: %.2f/step (%s)\n", total, float64(total)/float64(steps), strings.Join(parts, ", "))
	fmt.Fprintf(w, "  peak RSS        %.1f MB\n", float64(r.peakRSS)/(1<<20))
}

func ms(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
}

// printIdle gives an idle run's costs per minute of wall time.
func (r result) printIdle(w io.Writer) {
	minutes := r.wall.Minutes()
	fmt.Fprintf(w, "%s\n", r.name)
	fmt.Fprintf(w, "  desk CPU        %.2f s in %.1f s: %.2f s/min\n", r.cpu.Seconds(), r.wall.Seconds(), r.cpu.Seconds()/minutes)
	var total int64
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(r.commands)) {
		total += r.commands[name]
		parts = append(parts, fmt.Sprintf("%s %d", name, r.commands[name]))
	}
	fmt.Fprintf(w, "  store commands  %d: %.1f/min (%s)\n", total, float64(total)/minutes, strings.Join(parts, ", "))
	fmt.Fprintf(w, "  peak RSS        %.1f MB\n", float64(r.peakRSS)/(1<<20))
}
