package conversation

import (
	"fmt"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// fmtTime shows a moment in the desk's time zone.
func (t *turn) fmtTime(at time.Time) string { return i18n.Time(at, t.Settings().Location()) }

// line is one ticket in a list: number, tags, state and title.
func (t *turn) line(tk *desk.Ticket) string {
	tags := strings.Join(tk.Tags(t.now(), t.Settings()), "")
	if tags != "" {
		tags = "【" + tags + "】"
	}
	return fmt.Sprintf("%s %s[%s] %s · %s", tk.Ref(), tags, t.T("state."+string(tk.State)), tk.Title, tk.Location.Building)
}

// field adds "label: value" to b when value is not empty.
func field(b *strings.Builder, lang, key, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	fmt.Fprintf(b, "%s: %s\n", i18n.T(lang, "field."+key), value)
}

// reportText renders a report's fields (also the summary before submitting).
func (t *turn) reportText(b *strings.Builder, r desk.Report) {
	loc := t.Settings().Location()
	field(b, t.lang, "zone", r.Location.Zone)
	field(b, t.lang, "building", r.Location.Building)
	field(b, t.lang, "room", r.Location.Room)
	field(b, t.lang, "address", r.Location.Address)
	field(b, t.lang, "problem", r.ProblemType)
	field(b, t.lang, "title", r.Title)
	field(b, t.lang, "description", r.Description)
	if len(r.Photos) > 0 {
		field(b, t.lang, "photos", fmt.Sprint(len(r.Photos)))
	}
	field(b, t.lang, "window", i18n.Window(t.lang, r.Window, loc))
	field(b, t.lang, "contact", r.Contact)
}

func (t *turn) askSummary() talk.Message {
	var b strings.Builder
	b.WriteString(t.T("rep.summary") + "\n\n")
	t.reportText(&b, t.s.Draft.Report)
	submit := t.T("btn.submit")
	if t.s.Flow == flowEdit {
		submit = t.T("btn.save")
	}
	rows := []talk.Row{{Buttons: []talk.Button{t.choice(submit, "submit"), t.choice(t.T("btn.drop"), "drop")}}}
	var r talk.Row
	for _, f := range editable {
		r.Buttons = append(r.Buttons, t.choice("✎ "+t.T("field."+f), "edit:"+f))
		if len(r.Buttons) == 3 {
			rows, r = append(rows, r), talk.Row{}
		}
	}
	if len(r.Buttons) > 0 {
		rows = append(rows, r)
	}
	text, rows := t.urgentSummary(b.String(), rows)
	return talk.Message{Text: text, Rows: rows, Photos: t.s.Draft.Report.Photos}
}

// detailText renders everything the person may see about a ticket, as
// the manual lists it for each state.
func (t *turn) detailText(tk *desk.Ticket) string {
	now, s, lang := t.now(), t.Settings(), t.lang
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", tk.Ref(), tk.Title)
	field(&b, lang, "state", t.T("state."+string(tk.State)))
	if tags := tk.Tags(now, s); len(tags) > 0 {
		field(&b, lang, "tags", strings.Join(tags, " "))
	}
	t.reportText(&b, tk.Report)
	if tk.Queue != nil {
		field(&b, lang, "queue", tk.Queue.Name)
	}
	field(&b, lang, "submitted", t.fmtTime(tk.CreatedAt))
	field(&b, lang, "requester", tk.Requester.Name)
	switch {
	case tk.Claim != nil:
		field(&b, lang, "claimed_by", tk.Claim.By.Name)
		field(&b, lang, "claimed_at", t.fmtTime(tk.Claim.At))
		field(&b, lang, "waited", i18n.Duration(lang, tk.Waited(now)))
		field(&b, lang, "under_repair", i18n.Duration(lang, tk.UnderRepair(now)))
	default:
		field(&b, lang, "waited", i18n.Duration(lang, tk.Waited(now)))
	}
	if sp := tk.LastSuspension(); sp != nil && (tk.State == desk.Suspended || tk.State == desk.Completed || sp.Review == desk.ReviewWaiting) {
		field(&b, lang, "suspended_at", t.fmtTime(sp.RequestedAt))
		field(&b, lang, "suspend_reason", sp.Reason)
		if len(sp.Photos) > 0 {
			field(&b, lang, "photos", fmt.Sprint(len(sp.Photos)))
		}
		field(&b, lang, "review", t.T("review."+string(sp.Review)))
		if sp.Review != desk.ReviewWaiting {
			note := sp.Note
			if sp.Review == desk.ReviewWithdrawn {
				note = t.T("withdraw." + note) // the action that withdrew it
			}
			field(&b, lang, "review_note", note)
			field(&b, lang, "reviewed_at", t.fmtTime(sp.ReviewedAt))
		}
	}
	if c := tk.Completion; c != nil {
		field(&b, lang, "repair_type", c.RepairType)
		field(&b, lang, "result", c.Result)
		field(&b, lang, "completed_at", t.fmtTime(c.At))
	}
	if c := tk.Cancel; c != nil {
		field(&b, lang, "cancelled_at", t.fmtTime(c.At))
		field(&b, lang, "cancel_reason", c.Reason)
	}
	if r := tk.Rating; r != nil {
		field(&b, lang, "rating", strings.Repeat("★", r.Stars)+strings.Repeat("☆", 5-r.Stars)+" "+r.Comment)
	}
	if tk.State == desk.Completed || tk.State == desk.Cancelled {
		t.historyText(&b, tk)
	}
	if n := len(tk.Replies); n > 0 {
		b.WriteString("\n" + t.T("field.replies") + ":\n")
		for _, r := range tk.Replies[max(0, n-5):] {
			fmt.Fprintf(&b, "· %s %s: %s\n", t.fmtTime(r.At), r.From.Name, r.Text)
		}
	}
	if n := len(tk.Notes); n > 0 && (t.user.Is(desk.RoleTechnician) || t.user.Is(desk.RoleSupervisor)) {
		// Staff's own notes, which the requester never reads.
		b.WriteString("\n" + t.T("field.notes") + ":\n")
		for _, r := range tk.Notes[max(0, n-5):] {
			fmt.Fprintf(&b, "· %s %s: %s\n", t.fmtTime(r.At), r.From.Name, r.Text)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// historyText lists the urges and suspensions, as the completed details do.
func (t *turn) historyText(b *strings.Builder, tk *desk.Ticket) {
	var lines []string
	for _, e := range tk.History {
		switch e.Action {
		case desk.ActUrge, desk.ActSuspend, desk.ActApprove, desk.ActReject, desk.ActResume, desk.ActRelease, desk.ActAssign:
			lines = append(lines, fmt.Sprintf("· %s %s %s %s", t.fmtTime(e.At), e.By.Name, t.T("act."+string(e.Action)), e.Note))
		}
	}
	if len(lines) > 0 {
		b.WriteString("\n" + t.T("field.history") + ":\n" + strings.Join(lines, "\n") + "\n")
	}
}
