package notice_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/notice"
)

// seenOutage is a seen store whose writes fail while the database is
// down.
type seenOutage struct {
	notice.SeenStore
	down bool
}

func (s *seenOutage) FirstTime(ctx context.Context, key string) (bool, error) {
	if s.down {
		return false, errors.New("database down")
	}
	return s.SeenStore.FirstTime(ctx, key)
}

// A notice sent while the database cannot record the delivery is
// recorded by the retry, not posted again.
func TestDeliveryUnrecordedIsNotSentAgain(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	f.report(f.person("test:req"), "Tap")
	seen := &seenOutage{SeenStore: f.store, down: true}
	p := &threads{edits: map[string]int{}}
	d := notice.NewDispatcher(f.svc, seen, slog.New(slog.DiscardHandler), p)
	if _, _, err := d.Flush(ctx); err == nil {
		t.Fatal("flush with the database down: no error")
	}
	if got := p.in("test:dispatch"); len(got) != 1 {
		t.Fatalf("dispatch chat got %+v while the database was down; want the post", got)
	}
	seen.down = false
	if left, _, err := d.Flush(ctx); err != nil || left != 0 {
		t.Fatalf("flush: %d left, %v", left, err)
	}
	if got := p.in("test:dispatch"); len(got) != 1 {
		t.Errorf("dispatch chat got %+v; want the one post, not sent again", got)
	}
}

// A database that fails after a pass that delivered notices is backed off
// from: only a pass's own deliveries keep its failure from counting.
func TestBackoffGrowsAfterADeliveringPass(t *testing.T) {
	f := newFixture(t)
	f.report(f.person("test:req"), "Tap")
	p := &threads{edits: map[string]int{}}
	d := notice.NewDispatcher(f.svc, f.store, slog.New(slog.DiscardHandler), p)
	d.Poll = 10 * time.Millisecond
	var mu sync.Mutex
	var passes []time.Time
	d.Lease = func(context.Context) (bool, error) {
		mu.Lock()
		defer mu.Unlock()
		passes = append(passes, time.Now())
		if len(passes) == 1 {
			return true, nil
		}
		return false, errors.New("database down")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Second)
	defer cancel()
	if err := d.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got := p.in("test:dispatch"); len(got) != 1 {
		t.Fatalf("dispatch chat got %+v; want the post from the first pass", got)
	}
	mu.Lock()
	defer mu.Unlock()
	// Passes at about 0, 0.01s (fails), 1s (fails), 3s: the waits double.
	if len(passes) < 4 {
		t.Fatalf("%d passes in 4s; want 4", len(passes))
	}
	if first, second := passes[2].Sub(passes[1]), passes[3].Sub(passes[2]); second < first*3/2 {
		t.Errorf("waits after failing passes %v then %v; want the second longer", first, second)
	}
}
