package desk

import "time"

// change is everything an action needs besides the ticket.
type change struct {
	actor *User
	now   time.Time
	// arguments of the various actions; each uses what it needs
	report Report
	text   string
	photos []string
	target *User // assignee
	stars  int
	rtype  string
	// the priority actions' (priority.go)
	ask      int
	priority Priority
}

func (c change) person() Person { return Person{ID: c.actor.ID, Name: c.actor.Name} }

// apply performs action a on t, which must already have passed Check. It
// changes t in place: state, the action's record, history and outbox.
func apply(t *Ticket, a Action, c change) {
	by := c.person()
	note := c.text
	switch a {
	case ActEdit:
		t.Report = c.report
		note = ""
		t.notify(KindOf(a), ToDispatch, Person{}, by, "", c.now)
	case ActCancel:
		t.State = Cancelled
		t.Cancel = &Cancellation{Reason: c.text, By: by, At: c.now}
		t.notify(KindOf(a), ToDispatch, Person{}, by, c.text, c.now)
		if by.ID != t.Requester.ID {
			t.notify(KindOf(a), ToRequester, t.Requester, by, c.text, c.now)
		}
	case ActClaim:
		t.State = Accepted
		t.Claim = &Claim{By: by, At: c.now}
		t.notify(KindOf(a), ToDispatch, Person{}, by, "", c.now)
		t.notify(KindOf(a), ToRequester, t.Requester, by, "", c.now)
	case ActAssign:
		tech := Person{ID: c.target.ID, Name: c.target.Name}
		if old, ok := t.Technician(); ok && old.ID != tech.ID {
			t.notify(NoticeUnassign, ToTechnician, old, by, "", c.now)
			t.withdrawSuspension(a, by, c.now)
		}
		t.State = Accepted
		t.Claim = &Claim{By: tech, At: c.now}
		note = tech.Name
		t.notify(KindOf(a), ToDispatch, Person{}, tech, "", c.now)
		t.notify(KindOf(a), ToTechnician, tech, by, "", c.now)
		t.notify(KindOf(ActClaim), ToRequester, t.Requester, tech, "", c.now)
	case ActRelease:
		if tech, ok := t.Technician(); ok && tech.ID != by.ID {
			// A supervisor took the job off its technician: they must
			// hear it, and why, or they would go on working on it.
			t.notify(NoticeUnassign, ToTechnician, tech, by, c.text, c.now)
		}
		t.withdrawSuspension(a, by, c.now)
		t.State = Pending
		t.Claim = nil
		t.notify(KindOf(a), ToDispatch, Person{}, by, c.text, c.now)
		t.notify(KindOf(a), ToRequester, t.Requester, by, c.text, c.now)
	case ActSuspend:
		t.Suspensions = append(t.Suspensions, Suspension{
			Reason: c.text, Photos: c.photos, By: by, RequestedAt: c.now, Review: ReviewWaiting,
		})
		t.notify(KindOf(a), ToSupervisors, Person{}, by, c.text, c.now)
		t.notify(KindOf(a), ToDispatch, Person{}, by, c.text, c.now)
	case ActApprove, ActReject:
		s := t.WaitingSuspension()
		s.Review, s.Note, s.Reviewer, s.ReviewedAt = ReviewRejected, c.text, by, c.now
		if a == ActApprove {
			s.Review = ReviewApproved
			t.State = Suspended
			t.notify(KindOf(a), ToRequester, t.Requester, by, c.text, c.now)
		}
		t.notify(KindOf(a), ToTechnician, s.By, by, c.text, c.now)
		t.notify(KindOf(a), ToSupervisors, Person{}, by, c.text, c.now)
		t.notify(KindOf(a), ToDispatch, Person{}, by, c.text, c.now)
	case ActResume:
		t.State = Accepted
		t.LastSuspension().ResumedAt = c.now
		t.notify(KindOf(a), ToRequester, t.Requester, by, "", c.now)
		t.notify(KindOf(a), ToDispatch, Person{}, by, "", c.now)
	case ActComplete:
		t.withdrawSuspension(a, by, c.now)
		t.State = Completed
		t.Completion = &Completion{RepairType: c.rtype, Result: c.text, Photos: c.photos, By: by, At: c.now}
		note = c.rtype
		t.notify(KindOf(a), ToRequester, t.Requester, by, c.text, c.now)
		t.notify(KindOf(a), ToDispatch, Person{}, by, "", c.now)
	case ActUrge:
		t.Urges = append(t.Urges, Urge{By: by, At: c.now})
		note = ""
		t.notify(KindOf(a), ToSupervisors, Person{}, by, "", c.now)
		t.notify(KindOf(a), ToDispatch, Person{}, by, "", c.now)
		if tech, ok := t.Technician(); ok {
			t.notify(KindOf(a), ToTechnician, tech, by, "", c.now)
		}
	case ActReply:
		t.Replies = append(t.Replies, Reply{From: by, Text: c.text, Photos: c.photos, At: c.now})
		if by.ID != t.Requester.ID {
			t.notify(KindOf(a), ToRequester, t.Requester, by, c.text, c.now)
		} else {
			// The requester's answer joins the ticket's thread, where
			// staff talk to them; staff replies are said there already
			// or, from a private chat, concern the two of them.
			t.notify(KindOf(a), ToDispatch, Person{}, by, c.text, c.now)
		}
		if tech, ok := t.Technician(); ok && tech.ID != by.ID {
			t.notify(KindOf(a), ToTechnician, tech, by, c.text, c.now)
		}
	case ActRate:
		t.Rating = &Rating{Stars: c.stars, Comment: c.text, At: c.now}
		note = c.text
		if tech, ok := t.Technician(); ok {
			t.notify(KindOf(a), ToTechnician, tech, by, c.text, c.now)
		}
		t.notify(KindOf(a), ToDispatch, Person{}, by, c.text, c.now)
	case ActNote:
		// Said in the thread among staff already: it owes no notice,
		// and the requester never reads it.
		t.Notes = append(t.Notes, Reply{From: by, Text: c.text, Photos: c.photos, At: c.now})
		note = ""
	}
	t.History = append(t.History, Event{Action: a, By: by, At: c.now, Note: note})
	t.UpdatedAt = c.now
}

// withdrawSuspension closes a request still waiting for review when the
// job it was made for ends for its technician (released, reassigned,
// completed): approving it later would suspend someone else's job, and it
// would block the next technician's own request. The supervisors' post is
// changed to say so; the note names the action.
func (t *Ticket) withdrawSuspension(a Action, by Person, now time.Time) {
	s := t.WaitingSuspension()
	if s == nil {
		return
	}
	s.Review, s.Reviewer, s.ReviewedAt, s.Note = ReviewWithdrawn, by, now, string(a)
	t.notify(NoticeWithdraw, ToSupervisors, Person{}, by, string(a), now)
}
