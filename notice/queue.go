package notice

import (
	"context"
	"slices"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// dispatchRoom is where a ticket's dispatch notices go on a platform: the
// chat of the queue it was routed to, when that queue still exists and
// has a chat there, else the platform's dispatch chat. The queues are
// read once a pass, when a queued ticket first needs them, so a queue
// given a new chat is followed from the next pass.
func (d *Dispatcher) dispatchRoom(ctx context.Context, p *pass, t *desk.Ticket, s talk.Sender) (string, error) {
	q, err := d.liveQueue(ctx, p, t)
	if err != nil {
		return "", err
	}
	if q != nil {
		if chat := q.Chat(s.Platform()); chat != "" {
			return chat, nil
		}
	}
	return s.DispatchChat(), nil
}

// ofQueue narrows the technicians told privately of a dispatch notice
// whose chat cannot be reached to those who may claim the ticket: its
// queue's technicians, when it has a live queue.
func (d *Dispatcher) ofQueue(ctx context.Context, p *pass, t *desk.Ticket, n desk.Notice, people []*desk.User) ([]*desk.User, error) {
	if n.To != desk.ToDispatch {
		return people, nil
	}
	q, err := d.liveQueue(ctx, p, t)
	if err != nil || q == nil {
		return people, err
	}
	var out []*desk.User
	for _, u := range people {
		if slices.Contains(q.Technicians, u.ID) {
			out = append(out, u)
		}
	}
	return out, nil
}

// liveQueue is the queue the ticket was routed to, if it still exists
// (desk.LiveQueue). The queues are read once a pass, when a queued ticket
// first needs them.
func (d *Dispatcher) liveQueue(ctx context.Context, p *pass, t *desk.Ticket) (*desk.Queue, error) {
	if t.Queue == nil {
		return nil, nil
	}
	if !p.queuesRead {
		qs, err := d.svc.Queues(ctx)
		if err != nil {
			return nil, err
		}
		p.queues, p.queuesRead = qs, true
	}
	return desk.LiveQueue(p.queues, t), nil
}
