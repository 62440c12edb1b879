package telegram

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/pace"
)

// The pause between polls is a tenth of a second while answers go out at
// once, and grows with the answers queued for Telegram's overall pace, up
// to a quarter of a second.
func TestPollGathersLongerWhileAnswersQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		every := time.Second / 30
		b := &Bot{limits: pace.New(pace.Rate{Every: every, Burst: 1})}
		r := pace.Rate{Every: time.Millisecond, Burst: 100}
		queue := func(n int) {
			for i := range n {
				go b.limits.Wait(t.Context(), string(rune('a'+i)), r)
			}
			synctest.Wait()
		}
		if d := b.gather(); d != pollGather {
			t.Errorf("nothing queued: %v, want %v", d, pollGather)
		}
		queue(5) // one goes at once, four wait: 133 ms
		if d := b.gather(); d != 4*every {
			t.Errorf("four answers queued: %v, want %v", d, 4*every)
		}
		queue(20)
		if d := b.gather(); d != pollGatherBusy {
			t.Errorf("24 answers queued: %v, want %v", d, pollGatherBusy)
		}
	})
}
