package conversation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// queueSteps: the dispatch queues. The list, then one queue's page, from
// which each part of it is changed: what it takes (problem types and
// zones, pressed on and off), its chat on each platform (an id typed),
// its technicians and supervisors (picked from the people search), its
// name; or it is removed. Every change is saved at once, one write each,
// so nothing waits in the dialogue to be lost. The queue being changed is
// in Draft.Choice; Draft.Op says which platform or list of people.
func queueSteps() map[string]step {
	return map[string]step{
		"queues":       {ask: (*turn).askQueues, take: (*turn).takeQueues},
		"queue_name":   {ask: (*turn).askQueueName, take: (*turn).takeQueueName},
		"queue":        {ask: (*turn).askQueue, take: (*turn).takeQueue},
		"queue_types":  {ask: func(t *turn) talk.Message { return t.askQueueMatch("admin.queue_types") }, take: (*turn).takeQueueMatch},
		"queue_zones":  {ask: func(t *turn) talk.Message { return t.askQueueMatch("admin.queue_zones") }, take: (*turn).takeQueueMatch},
		"queue_chat":   {ask: (*turn).askQueueChat, take: (*turn).takeQueueChat},
		"queue_people": {ask: (*turn).askQueuePeople, take: (*turn).takeQueuePeople},
		"queue_person": {ask: (*turn).askPerson, take: (*turn).takeQueuePerson},
		"queue_remove": {ask: (*turn).askQueueRemove, take: (*turn).takeQueueRemove},
	}
}

// queueActions are the buttons of a queue's page, in rows.
var queueActions = [][]string{{"types", "zones"}, {"telegram", "slack"}, {"technicians", "supervisors"}, {"rename", "remove"}, {"done"}}

func (t *turn) queues() []desk.Queue {
	qs, err := t.svc().Queues(t.ctx)
	if err != nil {
		t.e.log.Warn("read queues", "err", err)
	}
	return qs
}

// queue is the queue being changed; an error if it was removed meanwhile.
func (t *turn) queue() (desk.Queue, error) {
	for _, q := range t.queues() {
		if q.ID == t.s.Draft.Choice {
			return q, nil
		}
	}
	return desk.Queue{}, &desk.Error{Kind: desk.ErrNotFound, Msg: "err.no_queue"}
}

func (t *turn) askQueues() talk.Message {
	qs := t.queues()
	var b strings.Builder
	b.WriteString(t.T("admin.queues_list"))
	if len(qs) == 0 {
		b.WriteString("\n\n" + t.T("admin.queues_none"))
	}
	var rows []talk.Row
	for _, q := range qs {
		fmt.Fprintf(&b, "\n%s", t.T("admin.queue_line", q.Name, t.queueMatch(q), len(q.Technicians), len(q.Supervisors)))
		rows = append(rows, talk.Row{Buttons: []talk.Button{t.choice("👥 "+q.Name, "q:"+q.ID)}})
	}
	rows = append(rows, talk.Row{Buttons: []talk.Button{t.choice(t.T("btn.queue_add"), "add")}})
	return talk.Message{Text: b.String(), Rows: rows}
}

// queueMatch says what a queue takes, in a line.
func (t *turn) queueMatch(q desk.Queue) string {
	if len(q.ProblemTypes) == 0 && len(q.Zones) == 0 {
		return t.T("admin.queue_nomatch")
	}
	return strings.Join(append(slices.Clone(q.ProblemTypes), q.Zones...), ", ")
}

func (t *turn) takeQueues() (string, error) {
	d := &t.s.Draft
	if !t.isPress {
		// A queue's name typed picks it.
		name := strings.TrimSpace(t.in.Text)
		for _, q := range t.queues() {
			if t.in.Kind == talk.KindText && strings.EqualFold(q.Name, name) {
				d.Choice = q.ID
				return "queue", nil
			}
		}
		return "", errInvalid("err.want_choice")
	}
	switch {
	case t.pressed == "add":
		d.Op, d.Choice = "add", ""
		return "queue_name", nil
	case strings.HasPrefix(t.pressed, "q:"):
		d.Choice = strings.TrimPrefix(t.pressed, "q:")
		if _, err := t.queue(); err != nil {
			return "", err
		}
		return "queue", nil
	}
	return "", errInvalid("err.want_choice")
}

func (t *turn) askQueueName() talk.Message {
	if t.s.Draft.Op == "rename" {
		q, _ := t.queue()
		return t.question("admin.queue_rename", nil, q.Name)
	}
	return t.question("admin.queue_name", nil)
}

func (t *turn) takeQueueName() (string, error) {
	name, err := t.textAnswer(desk.MaxShort, true)
	if err != nil {
		return "", err
	}
	d := &t.s.Draft
	var q desk.Queue
	if d.Op == "rename" {
		q, err = t.svc().EditQueue(t.ctx, t.user, d.Choice, desk.RenameQueue(name))
	} else {
		q, err = t.svc().AddQueue(t.ctx, t.user, name)
	}
	if err != nil {
		return "", err
	}
	t.acted = true
	d.Choice, d.Op = q.ID, ""
	return "queue", nil
}

func (t *turn) askQueue() talk.Message {
	q, err := t.queue()
	if err != nil {
		return t.question("err.no_queue", nil)
	}
	text := t.T("admin.queue", q.Name, t.orNone(q.ProblemTypes), t.orNone(q.Zones), t.queueChat(q, "telegram"), t.queueChat(q, "slack"),
		t.orNone(t.names(q.Technicians)), t.orNone(t.names(q.Supervisors)))
	var rows []talk.Row
	for _, r := range queueActions {
		var row talk.Row
		for _, a := range r {
			row.Buttons = append(row.Buttons, t.choice(t.queueActionLabel(a), a))
		}
		rows = append(rows, row)
	}
	return talk.Message{Text: text, Rows: rows}
}

// orNone lists a queue's part on its admin's page, or says it has none.
func (t *turn) orNone(l []string) string {
	if len(l) == 0 {
		return t.T("admin.queue_none_set")
	}
	return strings.Join(l, ", ")
}

// queueChat is a queue's chat on platform as the admin types it, or that
// it has none.
func (t *turn) queueChat(q desk.Queue, platform string) string {
	var l []string
	if c := q.Chat(platform); c != "" {
		l = []string{strings.TrimPrefix(c, platform+":")}
	}
	return t.orNone(l)
}

// queueActionKeys are the labels of a queue page's buttons.
var queueActionKeys = map[string]string{
	"types": "btn.queue_types", "zones": "btn.queue_zones", "telegram": "btn.queue_telegram", "slack": "btn.queue_slack",
	"technicians": "btn.queue_technicians", "supervisors": "btn.queue_supervisors", "rename": "btn.rename",
	"remove": "btn.queue_remove", "done": "btn.done",
}

func (t *turn) queueActionLabel(a string) string { return t.T(queueActionKeys[a]) }

// queueQuestionKeys are the questions about a queue's chat on a platform
// and about its lists of people (Draft.Op).
var queueQuestionKeys = map[string]string{
	"telegram": "admin.queue_telegram", "slack": "admin.queue_slack",
	string(desk.MemberTechnician): "admin.queue_people_technicians", string(desk.MemberSupervisor): "admin.queue_people_supervisors",
}

// names are the names of people by ID, for an admin's page.
func (t *turn) names(ids []string) []string {
	var out []string
	for _, id := range ids {
		if u, err := t.svc().Person(t.ctx, t.user, id); err == nil && u.Name != "" {
			out = append(out, u.Name)
		} else {
			out = append(out, id)
		}
	}
	return out
}

func (t *turn) takeQueue() (string, error) {
	q, err := t.queue()
	if err != nil {
		t.endFlow()
		return "", err
	}
	if !t.isPress {
		return "", errInvalid("err.want_choice")
	}
	d := &t.s.Draft
	switch a := t.pressed; a {
	case "types", "zones":
		return "queue_" + a, nil
	case "telegram", "slack":
		d.Op = a
		return "queue_chat", nil
	case "technicians", "supervisors":
		d.Op, d.Text, d.Page = a, "", 0
		return "queue_people", nil
	case "rename":
		d.Op = "rename"
		return "queue_name", nil
	case "remove":
		return "queue_remove", nil
	case "done":
		t.endFlow()
		t.say("admin.queue_done", q.Name)
		return "", nil
	}
	return "", errInvalid("err.want_choice")
}

// matchList is the catalogue list the current step picks from, and what
// the queue has of it.
func (t *turn) matchList(q desk.Queue) (all, taken []string) {
	if t.s.Step == "queue_zones" {
		return zoneNames(t.Catalog()), q.Zones
	}
	return t.Catalog().ProblemTypes, q.ProblemTypes
}

func (t *turn) askQueueMatch(key string) talk.Message {
	q, _ := t.queue()
	all, taken := t.matchList(q)
	var rows []talk.Row
	values := make([]string, len(all))
	for i, name := range all {
		if i%2 == 0 {
			rows = append(rows, talk.Row{})
		}
		// A press, or its number typed, says what it makes of the entry,
		// on or off, from what it was shown: the same answer handed over
		// again after a crash leaves it so rather than undo it.
		label, value := name, "+"+entryRef(name)
		if slices.Contains(taken, name) {
			label, value = "✓ "+name, "-"+entryRef(name)
		}
		values[i] = value
		r := &rows[len(rows)-1]
		r.Buttons = append(r.Buttons, t.choice(label, value))
	}
	t.showing(values)
	rows = append(rows, talk.Row{Buttons: []talk.Button{t.choice(t.T("btn.done"), "back")}})
	return t.question(key, rows, q.Name)
}

func (t *turn) takeQueueMatch() (string, error) {
	q, err := t.queue()
	if err != nil {
		t.endFlow()
		return "", err
	}
	if t.isPress && t.pressed == "back" {
		return "queue", nil
	}
	name, on, err := t.pickedMatch(q)
	if err != nil {
		return "", err
	}
	edit := desk.SetProblemType(name, on)
	if t.s.Step == "queue_zones" {
		edit = desk.SetZone(name, on)
	}
	if _, err := t.svc().EditQueue(t.ctx, t.user, q.ID, edit); err != nil {
		return "", err
	}
	t.acted = true
	return t.s.Step, nil
}

// pickedMatch is the entry of matchList pressed or typed, and whether the
// queue is to take it: as the list shown says (its button, or the number
// or name typed), so that an answer handed over again after a crash
// leaves the entry as the first made it rather than undo it; for a name
// the list did not show, the other way from now.
func (t *turn) pickedMatch(q desk.Queue) (name string, on bool, err error) {
	all, taken := t.matchList(q)
	value, typed := t.typedShown()
	if t.isPress {
		value = t.pressed
	}
	if (t.isPress || typed) && len(value) > 1 && (value[0] == '+' || value[0] == '-') {
		for _, n := range slices.Concat(all, taken) {
			if entryRef(n) == value[1:] {
				return n, value[0] == '+', nil
			}
		}
		return "", false, errInvalid("err.want_choice")
	}
	if name, err = t.picked(all); err != nil {
		return "", false, err
	}
	for _, shown := range t.s.Draft.Shown {
		if len(shown) > 1 && shown[1:] == entryRef(name) {
			return name, shown[0] == '+', nil
		}
	}
	return name, !slices.Contains(taken, name), nil
}

func (t *turn) askQueueChat() talk.Message {
	q, _ := t.queue()
	return t.question(queueQuestionKeys[t.s.Draft.Op], nil, q.Name, t.queueChat(q, t.s.Draft.Op))
}

func (t *turn) takeQueueChat() (string, error) {
	id, err := t.textAnswer(40, true)
	if err != nil {
		return "", err
	}
	if _, err := t.svc().EditQueue(t.ctx, t.user, t.s.Draft.Choice, desk.SetQueueChat(t.s.Draft.Op, id)); err != nil {
		return "", err
	}
	t.acted = true
	t.s.Draft.Op = ""
	return "queue", nil
}
