package conversation

import (
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// reportQuoted starts a report from a message somebody wrote (a Slack
// 🎫 or shortcut, a Telegram /report sent in reply): its words are the
// title and description, its pictures the photos; the dialogue asks only
// where, what kind, when and whom to call, and the summary shows it all
// before it is sent. A message with no words is a report from nothing but
// its pictures. A report in progress is set aside, as by /report.
func (t *turn) reportQuoted(q talk.Quote) {
	if err := t.svc().CanReport(t.ctx, t.user); err != nil {
		t.fail(err)
		return
	}
	title, description := desk.FromMessage(q.Text)
	d := Draft{}
	d.Report.Title, d.Report.Description = title, description
	d.Report.Photos = q.Photos[:min(len(q.Photos), desk.MaxPhotos)]
	d.Quoted = title != "" && description != ""
	t.say("rep.from_message", title)
	t.startFlow(flowReport, d)
}
