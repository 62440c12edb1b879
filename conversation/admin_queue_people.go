package conversation

import (
	"errors"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// A queue's technicians and supervisors, picked from the people search
// and taken off with a press; and removing the queue.

// members are the queue's people of the list being changed.
func (t *turn) members(q desk.Queue) []string {
	if desk.QueueMember(t.s.Draft.Op) == desk.MemberSupervisor {
		return q.Supervisors
	}
	return q.Technicians
}

func (t *turn) askQueuePeople() talk.Message {
	q, _ := t.queue()
	ids := t.members(q)
	names := t.names(ids)
	var rows []talk.Row
	for i, id := range ids {
		rows = append(rows, talk.Row{Buttons: []talk.Button{t.choice("− "+names[i], "rm:"+id)}})
	}
	rows = append(rows, talk.Row{Buttons: []talk.Button{t.choice("+ "+t.T("btn.add"), "add"), t.choice(t.T("btn.done"), "back")}})
	return t.question(queueQuestionKeys[t.s.Draft.Op], rows, q.Name, t.orNone(names))
}

func (t *turn) takeQueuePeople() (string, error) {
	if !t.isPress {
		return "", errInvalid("err.want_choice")
	}
	d := &t.s.Draft
	switch {
	case t.pressed == "back":
		d.Op = ""
		return "queue", nil
	case t.pressed == "add":
		d.Text, d.Page = "", 0
		return "queue_person", nil
	case strings.HasPrefix(t.pressed, "rm:"):
		if _, err := t.svc().SetQueueMember(t.ctx, t.user, d.Choice, desk.QueueMember(d.Op), strings.TrimPrefix(t.pressed, "rm:"), false); err != nil {
			return "", err
		}
		t.acted = true
		return "queue_people", nil
	}
	return "", errInvalid("err.want_choice")
}

// takeQueuePerson is the people search of the roles (takePerson): a page
// turn or a new search asks again, a person picked joins the list.
func (t *turn) takeQueuePerson() (string, error) {
	next, err := t.takePerson()
	if err != nil || next != "role" {
		return "queue_person", err
	}
	d := &t.s.Draft
	picked := d.Key
	d.Key, d.Name = "", ""
	if _, err := t.svc().SetQueueMember(t.ctx, t.user, d.Choice, desk.QueueMember(d.Op), picked, true); err != nil {
		return "", err
	}
	t.acted = true
	return "queue_people", nil
}

func (t *turn) askQueueRemove() talk.Message {
	q, _ := t.queue()
	return t.question("admin.queue_remove", []talk.Row{{Buttons: []talk.Button{
		t.choice(t.T("btn.yes_remove"), "yes"), t.choice(t.T("btn.no_keep_queue"), "no"),
	}}}, q.Name)
}

func (t *turn) takeQueueRemove() (string, error) {
	if !t.isPress {
		return "", errInvalid("err.want_choice")
	}
	if t.pressed != "yes" {
		return "queue", nil
	}
	q, err := t.queue()
	if err == nil {
		err = t.svc().RemoveQueue(t.ctx, t.user, q.ID)
	}
	if errors.Is(err, desk.ErrNotFound) {
		// Removed already, by this very press before a crash or by
		// another admin: what was asked is done.
		t.endFlow()
		t.say("admin.queue_gone")
		return "", nil
	}
	if err != nil {
		t.endFlow()
		return "", err
	}
	t.acted = true
	t.endFlow()
	t.say("admin.queue_removed", q.Name)
	return "", nil
}
