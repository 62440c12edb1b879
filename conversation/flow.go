package conversation

import (
	"strconv"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// step is one question of a dialogue.
type step struct {
	// ask renders the question.
	ask func(t *turn) talk.Message
	// take reads the answer (t.in, or t.pressed for a pressed button),
	// stores it in the draft and returns the next step, or "" when the
	// flow has ended. An error repeats the question with the reason.
	take func(t *turn) (string, error)
}

// flow is a dialogue: named steps and the first of them.
type flow struct {
	first string
	steps map[string]step
	// pausable flows are kept aside when another command interrupts
	// them, to be resumed later.
	pausable bool
}

// Flow names. A dialogue about a ticket is named after the action it
// ends in, so the action's button starts it (ticketButtons).
const (
	flowRegister = "register"
	flowReport   = "report"
	flowFAQ      = "faq"
	flowAdmin    = "admin"
	flowUnlink   = "unlink"
	flowEdit     = string(desk.ActEdit)
	flowCancel   = string(desk.ActCancel)
	flowReply    = string(desk.ActReply)
	flowRate     = string(desk.ActRate)
	flowSuspend  = string(desk.ActSuspend)
	flowComplete = string(desk.ActComplete)
	flowRelease  = string(desk.ActRelease)
	flowReject   = string(desk.ActReject)
	flowAssign   = string(desk.ActAssign)
)

var flows map[string]flow

func init() {
	flows = map[string]flow{
		flowRegister: registerFlow(),
		flowReport:   reportFlow(),
		flowEdit:     editFlow(),
		flowCancel:   cancelFlow(),
		flowReply:    replyFlow(),
		flowRate:     rateFlow(),
		flowSuspend:  suspendFlow(),
		flowComplete: completeFlow(),
		flowRelease:  releaseFlow(),
		flowReject:   rejectFlow(),
		flowAssign:   assignFlow(),
		flowFAQ:      faqFlow(),
		flowFind:     findFlow(),
		flowAdmin:    adminFlow(),
		flowUnlink:   unlinkFlow(),
		flowPriority: priorityFlow(),
	}
}

// startFlow begins a dialogue. A report in progress is set aside first.
func (t *turn) startFlow(name string, d Draft) {
	t.pause()
	t.dirty = true
	t.s.Flow, t.s.Draft = name, d
	t.s.Step = flows[name].first
	t.ask()
}

// pause keeps a pausable dialogue in progress aside.
func (t *turn) pause() {
	if f, ok := flows[t.s.Flow]; ok && f.pausable && t.s.Step != f.first {
		d := t.s.Draft
		d.Flow, d.Step = t.s.Flow, t.s.Step
		t.s.Paused = &d
		t.dirty = true
	}
}

// endFlow leaves the dialogue.
func (t *turn) endFlow() {
	t.dirty = true
	t.s.Flow, t.s.Step, t.s.Draft = "", "", Draft{}
}

// ask asks the current question again.
func (t *turn) ask() {
	st, ok := flows[t.s.Flow].steps[t.s.Step]
	if !ok {
		return
	}
	// Every question is saved with the session, so its buttons carry
	// the version the session will have.
	t.dirty = true
	t.send(st.ask(t))
}

// moveTo goes to the next step, or back to the summary when the person
// was changing one field from it.
func (t *turn) moveTo(next string) {
	if next == "" || t.s.Flow == "" {
		return
	}
	// The summary itself sends the person to a field; the field's answer
	// sends them back.
	if r := t.s.Draft.Return; r != "" && t.s.Step != r && !followUp[next] && next != t.s.Step {
		next, t.s.Draft.Return = r, ""
	}
	t.s.Step = next
	t.ask()
}

// followUp steps belong to the step before them (a building after its
// zone), so changing a field from the summary continues into them.
var followUp = map[string]bool{stepBuilding: true, stepWindowText: true}

// version is the session version this turn's questions carry.
func (t *turn) version() int { return t.s.Version + 1 }

// choice is a button answering the current question.
func (t *turn) choice(label, value string) talk.Button {
	return talk.Button{Label: label, Token: talk.DialogueToken(t.version(), value)}
}

// options renders a list as answer buttons, two or three to a row, with
// the index as the value so that long names fit in a token.
func (t *turn) options(list []string, perRow int) []talk.Row {
	var rows []talk.Row
	for i, item := range list {
		if i%perRow == 0 {
			rows = append(rows, talk.Row{})
		}
		r := &rows[len(rows)-1]
		r.Buttons = append(r.Buttons, t.choice(item, strconv.Itoa(i)))
	}
	return rows
}

// picked returns the list item the person chose: a pressed button, its
// number typed, or its name typed.
func (t *turn) picked(list []string) (string, error) {
	v := strings.TrimSpace(t.in.Text)
	if t.isPress {
		v = t.pressed
	} else if t.in.Kind != talk.KindText {
		return "", &desk.Error{Kind: desk.ErrInvalid, Msg: "err.want_choice"}
	}
	if i, err := strconv.Atoi(v); err == nil {
		if t.isPress && i >= 0 && i < len(list) {
			return list[i], nil
		}
		if !t.isPress && i >= 1 && i <= len(list) {
			return list[i-1], nil
		}
	}
	for _, item := range list {
		if strings.EqualFold(item, v) {
			return item, nil
		}
	}
	return "", &desk.Error{Kind: desk.ErrInvalid, Msg: "err.want_choice"}
}

// textAnswer returns typed text, refusing photos and button presses where
// text is asked.
func (t *turn) textAnswer(limit int, required bool) (string, error) {
	if t.isPress && t.pressed == "skip" && !required {
		return "", nil
	}
	if t.in.Kind == talk.KindPhoto {
		return "", &desk.Error{Kind: desk.ErrInvalid, Msg: "err.want_text"}
	}
	if t.in.Kind != talk.KindText && t.in.Kind != talk.KindContact {
		return "", &desk.Error{Kind: desk.ErrInvalid, Msg: "err.want_text"}
	}
	s := t.in.Text
	if !required && strings.TrimSpace(s) == "-" {
		return "", nil
	}
	return desk.CleanText(s, limit, required)
}

// question is a question's message: text and, optionally, buttons.
func (t *turn) question(key string, rows []talk.Row, args ...any) talk.Message {
	return talk.Message{Text: t.T(key, args...), Rows: rows}
}

// skipRow is a row with a "Skip" answer.
func (t *turn) skipRow() talk.Row {
	return talk.Row{Buttons: []talk.Button{t.choice(t.T("btn.skip"), "skip")}}
}

// errInvalid is a shorthand for a rule the person broke.
func errInvalid(key string, args ...any) error {
	return &desk.Error{Kind: desk.ErrInvalid, Msg: key, Args: args}
}

// button is a button with a label and the token its press sends.
func button(label, token string) talk.Button { return talk.Button{Label: label, Token: token} }

// steps gathers groups of steps into one flow's map.
func steps(groups ...map[string]step) map[string]step {
	all := map[string]step{}
	for _, g := range groups {
		for name, s := range g {
			if _, dup := all[name]; dup {
				panic("conversation: step " + name + " defined twice")
			}
			all[name] = s
		}
	}
	return all
}
