package conversation

import "github.com/repairdesk/repairdesk/talk"

// Forms. A question that wants one free text can also be asked as a form
// (Message.Form), on platforms that have forms. A form stays open on the
// person's screen while the dialogue may move on (a /cancel typed in the
// chat, another button), so its answer carries the session version it was
// asked at, like an answer button, and is taken only while that question
// is still the current one.

// textForm is q offered as a form titled by titleKey.
func (t *turn) textForm(q talk.Message, titleKey string, limit int, optional bool, args ...any) talk.Message {
	q.Form = &talk.Form{
		Token:    talk.FormToken(t.version()),
		Title:    t.T(titleKey, args...),
		Label:    q.Text,
		Submit:   t.T("btn.send"),
		Limit:    limit,
		Optional: optional,
		Lang:     t.lang,
	}
	return q
}

// formAnswer takes text submitted in a form. A form of an earlier
// question changes nothing; the person gets their text back, so that
// nothing they wrote is lost, and the current question again.
func (t *turn) formAnswer() {
	tk, ok := talk.ParseToken(t.in.Token)
	if !ok || tk.Kind != 'f' {
		t.say("err.unknown_button")
		return
	}
	if t.s.Flow == "" || tk.Version != t.s.Version {
		t.say("err.stale_form", t.in.Text)
		if t.s.Flow != "" {
			t.ask()
		}
		return
	}
	t.answer()
}

// formClosed abandons the dialogue whose form the person closed without
// answering, so that what they type next is not taken as the answer. A
// form of an earlier question was already left behind: nothing to say.
func (t *turn) formClosed(tk talk.Token) {
	if t.s.Flow == "" || tk.Version != t.s.Version {
		return
	}
	t.abandon()
}
