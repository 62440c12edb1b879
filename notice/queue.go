package notice

import (
	"context"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// dispatchRoom is where a ticket's dispatch notices go on a platform: the
// chat of the queue it was routed to, when that queue still exists and
// has a chat there, else the platform's dispatch chat. The queues are
// read once a pass, when a queued ticket first needs them, so a queue
// given a new chat is followed from the next pass.
func (d *Dispatcher) dispatchRoom(ctx context.Context, p *pass, t *desk.Ticket, s talk.Sender) (string, error) {
	if t.Queue == nil {
		return s.DispatchChat(), nil
	}
	if !p.queuesRead {
		qs, err := d.svc.Queues(ctx)
		if err != nil {
			return "", err
		}
		p.queues, p.queuesRead = qs, true
	}
	if q := desk.LiveQueue(p.queues, t); q != nil {
		if chat := q.Chat(s.Platform()); chat != "" {
			return chat, nil
		}
	}
	return s.DispatchChat(), nil
}
