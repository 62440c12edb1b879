package notice_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"

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
