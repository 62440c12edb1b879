package main

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

// dialogue is one requester's ticket, from registering to rating it, with
// the technician of their platform claiming and completing it.
type dialogue struct {
	req, tech *actor
	title     string // tells the ticket's posts from the others
	photo     []byte // tells its photo from the others

	// What came of it, written by run only.
	ref       string // "#1001", from the answer to Submit or the post
	submitted bool   // Submit was pressed
	toldRef   bool   // the answer to Submit, with the number, arrived
	rated     bool   // the dialogue ran to its end
	failed    error  // the first step that did not get its answer
	notice    bool   // failed is a notice that never came, not an answer
}

var refPattern = regexp.MustCompile(`#\d{4,}`)

// run plays the dialogue; it stops at the first answer or notice that
// does not come, and keeps it in failed.
func (d *dialogue) run(techReady <-chan struct{}) {
	r, t := d.req, d.tech
	steps := []func() error{
		func() error { return r.command("start", "name?") },
		func() error { return r.pressOrSay(r.name, "phone") },
		func() error { return r.sharePhone("department") },
		func() error { return r.say("Campus", "registered") },
		func() error { return r.command("report", "Which zone?") },
		func() error { return r.press("A区 North", "which building?") },
		func() error { return r.press("A1 教学楼 Teaching", "Which room?") },
		func() error { return r.say("101", "Detailed address?") },
		func() error { return r.press("Skip", "What kind of problem?") },
		func() error { return r.press("门窗 Doors & windows", "title") },
		func() error { return r.say(d.title, "Describe the fault") },
		func() error { return r.say("The lock does not close.", "photos") },
		func() error { return r.sendPhoto(d.photo, "Got 1 photo") },
		func() error { return r.press("Done", "When would you like the repair?") },
		func() error { return r.press("Any time", "Contact phone?") },
		func() error { return r.press("Use "+r.phone, "Please check your report") },
		d.submit,
		func() error { <-techReady; return d.claim() },
		func() error { return d.notified(r, d.ref, "claimed by "+t.name) },
		d.complete,
		func() error { return d.notified(r, "Your ticket "+d.ref+" was completed by "+t.name, "Please rate") },
		func() error { return r.press("★★★★★", "Anything to add?") },
		func() error { return r.say("Quick and tidy.", "Thank you for rating "+d.ref) },
		func() error { return d.notified(t, d.ref+" was rated 5 stars") },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			d.failed = err
			var m *missing
			d.notice = errors.As(err, &m) && m.input == ""
			return
		}
	}
	d.rated = true
}

// submit presses Submit. Its answer carries the ticket's number; if the
// answer never comes, the number is read from the ticket's post, which
// the requester cannot see: the number was not delivered to them.
func (d *dialogue) submit() error {
	r := d.req
	n := len(r.messages())
	d.submitted = true
	err := r.press("✅ Submit", "Submitted, waiting for a technician")
	if err == nil {
		ms := r.messages()
		for _, m := range ms[min(n, len(ms)):] {
			if contains(m, "Submitted, waiting for a technician") {
				d.ref, d.toldRef = refPattern.FindString(m), true
			}
		}
		return nil
	}
	// Carry on without the answer: its effect is what counts for loss.
	if post, ok := d.req.run.post(r.platform(), d.title, "🙋 接单 Claim"); ok {
		d.ref = refPattern.FindString(post)
		return nil
	}
	return err
}

// claim waits for the ticket's post in the technician's dispatch chat and
// presses its Claim button.
func (d *dialogue) claim() error {
	t := d.tech
	if err := d.waitPost("🙋 接单 Claim"); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pressPost(d.title, "🙋 接单 Claim", "You claimed "+d.ref)
}

// waitPost waits until the ticket's post with a button labelled label is
// in the technician's dispatch chat.
func (d *dialogue) waitPost(label string) error {
	deadline := time.Now().Add(d.req.run.size.postWait)
	for {
		if post, ok := d.req.run.post(d.tech.platform(), d.title, label); ok {
			if d.ref == "" {
				d.ref = refPattern.FindString(post)
			}
			return nil
		}
		if time.Now().After(deadline) {
			return &missing{who: "the dispatch chat of " + d.tech.platform(), want: []string{d.title, label}}
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// complete is the technician completing the job from their list.
func (d *dialogue) complete() error {
	t := d.tech
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, step := range []func() error{
		func() error { return t.command("jobs", d.ref) },
		func() error { return t.press(d.ref, "State: Accepted") },
		func() error { return t.press("✔ Complete", "Repair type for "+d.ref+"?") },
		func() error { return t.press("更换 Replace", "What was done") },
		func() error { return t.say("Replaced the lock cylinder.", "Send photos of the result") },
		func() error { return t.press("Skip", d.ref+" is completed") },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// notified waits for a notice: a message the actor did not ask for.
func (d *dialogue) notified(a *actor, want ...string) error {
	deadline := time.Now().Add(a.run.size.postWait)
	for !a.told(0, want...) {
		if time.Now().After(deadline) {
			return &missing{who: a.name, want: want}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

func (d *dialogue) String() string {
	return fmt.Sprintf("%s (%s, %s)", d.req.name, d.req.platform(), d.title)
}
