package main

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// figures are what a run of the fault suite found.
type figures struct {
	run                string
	wall               time.Duration
	dialogues, rated   int
	kills, exits       int
	outages            int
	faults             map[string]int
	inputsLost         []string // answers that never came, effects unproven
	photosLost         []string
	dupTickets         []string
	dupPosts           []string // a post sent twice, outside the window below
	dupPostsCrash      []string // sent again after a kill between its send and its record
	noticesLost        []string
	numbersUndelivered []string // a Submit whose "Submitted … #N" never came
	retryViolations    []string // calls made before a retry_after ran out
	readyAfter         []time.Duration
	owedAfter          []time.Duration
	exitNotes          []string
	logs               []*syncBuffer
}

func (r *faultRun) figures(ds []*dialogue) *figures {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := &figures{run: r.name, dialogues: len(ds), kills: len(r.kills), exits: len(r.exits), outages: r.faults["store stopped"],
		faults: r.faults, readyAfter: r.readyAfter, owedAfter: r.owedAfter, exitNotes: r.exits, logs: r.logs}
	for _, d := range ds {
		if d.rated {
			f.rated++
		}
		if d.failed != nil {
			if d.notice {
				f.noticesLost = append(f.noticesLost, fmt.Sprintf("%v: %v", d, d.failed))
			} else {
				f.inputsLost = append(f.inputsLost, fmt.Sprintf("%v: %v", d, d.failed))
			}
		}
		if d.submitted && d.ref != "" && !d.toldRef {
			f.numbersUndelivered = append(f.numbersUndelivered, fmt.Sprintf("%v %s", d, d.ref))
		}
		if d.ref == "" {
			continue
		}
		refs := map[string]bool{}
		for _, p := range []string{"telegram", "slack"} {
			cards, photos := r.copies(p, d)
			for _, c := range cards {
				refs[refPattern.FindString(c.body)] = true
			}
			if len(photos) == 0 {
				f.photosLost = append(f.photosLost, fmt.Sprintf("%v %s on %s", d, d.ref, p))
			}
			if len(cards) == 0 {
				f.noticesLost = append(f.noticesLost, fmt.Sprintf("%v %s: no post on %s", d, d.ref, p))
			} else if d.rated && !r.completedPost(p, d) {
				f.noticesLost = append(f.noticesLost, fmt.Sprintf("%v %s: the post on %s never said it was completed", d, d.ref, p))
			}
			for what, times := range map[string][]time.Time{"post": times(cards), "photo": times(photos)} {
				for i := 1; i < len(times); i++ {
					note := fmt.Sprintf("%v %s: %s %d on %s", d, d.ref, what, i+1, p)
					if r.killedBetween(times[0], times[i]) {
						f.dupPostsCrash = append(f.dupPostsCrash, note)
					} else {
						f.dupPosts = append(f.dupPosts, note)
					}
				}
			}
		}
		delete(refs, "")
		if len(refs) > 1 {
			f.dupTickets = append(f.dupTickets, fmt.Sprintf("%v: %v", d, refs))
		}
	}
	f.retryViolations = r.retryViolations()
	return f
}

// sentCopy is one message of a ticket's in a dispatch chat.
type sentCopy struct {
	body string
	at   time.Time
}

func times(cs []sentCopy) []time.Time {
	var out []time.Time
	for _, c := range cs {
		out = append(out, c.at)
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

// copies are the ticket's posts (its card) and photos in a platform's
// dispatch chat, with when each was sent.
func (r *faultRun) copies(platform string, d *dialogue) (cards, photos []sentCopy) {
	if platform == "telegram" {
		for _, m := range r.tg.Sent(telegramDispatch) {
			if len(m.Photo) > 0 && bytes.Equal(m.Photo, d.photo) {
				photos = append(photos, sentCopy{m.Body(), m.Date})
			}
			// A post of one photo carries the card as its caption.
			if strings.Contains(m.Body(), d.title) {
				cards = append(cards, sentCopy{m.Body(), m.Date})
			}
		}
		return cards, photos
	}
	uploads := map[string]bool{}
	for _, f := range r.sl.Uploads() {
		if f.Channel == slackDispatch && bytes.Equal(f.Data, d.photo) {
			uploads[f.ID] = true
		}
	}
	for _, c := range r.sl.Calls("chat.postMessage", "files.completeUploadExternal") {
		if c.Status != http.StatusOK || c.Error != "" {
			continue
		}
		switch {
		case c.Method == "chat.postMessage" && c.Params["channel"] == slackDispatch &&
			strings.Contains(c.Params["text"]+c.Params["blocks"], d.title):
			cards = append(cards, sentCopy{c.Params["text"] + c.Params["blocks"], c.At})
		case c.Method == "files.completeUploadExternal" && c.Params["channel_id"] == slackDispatch:
			for id := range uploads {
				if strings.Contains(c.Params["files"], `"`+id+`"`) {
					photos = append(photos, sentCopy{"", c.At})
				}
			}
		}
	}
	return cards, photos
}

// killedBetween reports whether a desk was killed between a copy taken
// at a and one taken at b, so that the second may be the crash window's
// repeat. r.mu is held.
func (r *faultRun) killedBetween(a, b time.Time) bool {
	// A copy the fake took before the desk was started again may have
	// been sent by the desk that was killed: written before it died, and
	// read by the fake just after the kill was noted.
	for i, k := range r.kills {
		restart := k
		if i < len(r.restarts) {
			restart = r.restarts[i]
		}
		if a.Before(restart) && k.Before(b) {
			return true
		}
	}
	return false
}

// retryViolations are the calls about a chat made after a 429 for it and
// before its retry_after ran out, by the same run of the desk. r.mu is
// held.
func (r *faultRun) retryViolations() []string {
	type call struct {
		method, chat string
		at           time.Time
		retryAfter   int
	}
	var calls []call
	for _, c := range r.tg.Calls() {
		if chat := c.Fields["chat_id"]; chat != "" {
			calls = append(calls, call{"telegram " + c.Method, "telegram:" + chat, c.At, c.RetryAfter})
		}
	}
	for _, c := range r.sl.Calls() {
		chat := c.Params["channel"]
		if chat == "" {
			chat = c.Params["channel_id"]
		}
		if chat != "" {
			calls = append(calls, call{"slack " + c.Method, "slack:" + chat, c.At, c.RetryAfter})
		}
	}
	var out []string
	for _, limited := range calls {
		if limited.retryAfter == 0 {
			continue
		}
		until := limited.at.Add(time.Duration(limited.retryAfter) * time.Second)
		for _, c := range calls {
			if c.chat == limited.chat && c.at.After(limited.at) && c.at.Before(until) && !r.killedBetween(limited.at, c.at) {
				out = append(out, fmt.Sprintf("%s to %s %v after a 429 asking for %d s", c.method, c.chat,
					c.at.Sub(limited.at).Round(time.Millisecond), limited.retryAfter))
			}
		}
	}
	return out
}

// report logs the figures, and fails the test where the desk broke a
// promise.
func (f *figures) report(t *testing.T, ds []*dialogue) {
	t.Helper()
	t.Logf("%s store: %d dialogues (%d rated) in %v; %d kills survived, %d outages of the store, %d exits of its own",
		f.run, f.dialogues, f.rated, f.wall.Round(time.Second), f.kills, f.outages, f.exits)
	t.Logf("faults injected: %v", f.faults)
	t.Logf("restart to ready: %s; restart to the first owed notice: %s", spread(f.readyAfter), spread(f.owedAfter))
	for _, row := range f.rows() {
		t.Logf("%-40s %d", row.name, len(row.list))
		for _, l := range row.list {
			t.Logf("    %s", l)
		}
	}
	for _, e := range f.exitNotes {
		t.Logf("the desk exited by itself: %s", e)
	}
	broken := false
	for _, row := range f.rows() {
		if row.promised && len(row.list) > 0 {
			t.Errorf("%s: %d, want 0", row.name, len(row.list))
			broken = true
		}
	}
	if broken {
		// The killed desks' logs are not shown when the test fails, as
		// the last one's is: show what they warned of.
		for i, logs := range f.logs[:max(0, len(f.logs)-1)] {
			var warned []string
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") {
					warned = append(warned, l)
				}
			}
			t.Logf("desk %d of %d warned:\n%s", i+1, len(f.logs), strings.Join(warned, "\n"))
		}
	}
}

type figureRow struct {
	name     string
	list     []string
	promised bool // the desk promises zero
}

func (f *figures) rows() []figureRow {
	return []figureRow{
		{"inputs lost", f.inputsLost, true},
		{"photos lost", f.photosLost, true},
		{"duplicate tickets", f.dupTickets, true},
		{"duplicate posts", f.dupPosts, true},
		{"posts sent again after a crash", f.dupPostsCrash, false},
		{"notices lost", f.noticesLost, true},
		{"ticket numbers undelivered", f.numbersUndelivered, false},
		{"calls before retry_after ran out", f.retryViolations, true},
	}
}

// spread writes durations as "n: min/median/max".
func spread(ds []time.Duration) string {
	if len(ds) == 0 {
		return "none measured"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	r := func(d time.Duration) time.Duration { return d.Round(10 * time.Millisecond) }
	return fmt.Sprintf("%d measured, min %v, median %v, max %v", len(s), r(s[0]), r(s[len(s)/2]), r(s[len(s)-1]))
}

// summaryTable is the full run's figures side by side.
func summaryTable(fs []*figures) string {
	slices.SortFunc(fs, func(a, b *figures) int { return strings.Compare(a.run, b.run) })
	var b strings.Builder
	fmt.Fprintf(&b, "%-40s", "fault suite")
	for _, f := range fs {
		fmt.Fprintf(&b, " %18s", f.run+" store")
	}
	b.WriteString("\n")
	line := func(name string, value func(*figures) string) {
		fmt.Fprintf(&b, "%-40s", name)
		for _, f := range fs {
			fmt.Fprintf(&b, " %18s", value(f))
		}
		b.WriteString("\n")
	}
	line("dialogues (rated)", func(f *figures) string { return fmt.Sprintf("%d (%d)", f.dialogues, f.rated) })
	line("wall time", func(f *figures) string { return f.wall.Round(time.Second).String() })
	line("kills survived", func(f *figures) string { return fmt.Sprint(f.kills) })
	line("store outages", func(f *figures) string { return fmt.Sprint(f.outages) })
	line("exits of its own", func(f *figures) string { return fmt.Sprint(f.exits) })
	line("inputs delivered twice", func(f *figures) string { return fmt.Sprint(f.faults["delivered twice"]) })
	line("chat API faults", func(f *figures) string {
		n := 0
		for k, v := range f.faults {
			if strings.HasPrefix(k, "telegram") || strings.HasPrefix(k, "slack") {
				n += v
			}
		}
		return fmt.Sprint(n)
	})
	for i := range fs[0].rows() {
		line(fs[0].rows()[i].name, func(f *figures) string { return fmt.Sprint(len(f.rows()[i].list)) })
	}
	line("restart to first owed notice, max", func(f *figures) string {
		if len(f.owedAfter) == 0 {
			return "-"
		}
		return slices.Max(f.owedAfter).Round(10 * time.Millisecond).String()
	})
	line("restart to ready, max", func(f *figures) string {
		if len(f.readyAfter) == 0 {
			return "-"
		}
		return slices.Max(f.readyAfter).Round(10 * time.Millisecond).String()
	})
	return b.String()
}
