package main

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// control injects faults, one at a time, until over is closed: kills of
// the desk (embedded store) or stops of the store (store server) when
// they are due, and in between a failure of a chat API. It runs on the
// test's goroutine, since starting the desk again may fail the test.
func (r *faultRun) control(over <-chan struct{}) {
	nextKill := time.Now().Add(r.rng.dur(r.size.killEvery[0], r.size.killEvery[1]))
	// A store stop is most telling while the dialogues are in full swing.
	nextOutage := time.Now().Add(r.rng.dur(r.size.stagger/2+5*time.Second, r.size.stagger+15*time.Second))
	outages := 0
	for {
		select {
		case <-over:
			return
		case <-time.After(r.rng.dur(r.size.chaosEvery[0], r.size.chaosEvery[1])):
		}
		r.checkExited()
		r.retrySlack()
		now := time.Now()
		switch {
		case r.store == nil && len(r.kills) < r.size.kills && now.After(nextKill):
			r.killAndRestart()
			nextKill = time.Now().Add(r.rng.dur(r.size.killEvery[0], r.size.killEvery[1]))
		case r.store != nil && outages < r.size.outages && now.After(nextOutage):
			r.outage()
			outages++
			nextOutage = time.Now().Add(r.rng.dur(r.size.outage, 2*r.size.outage+20*time.Second))
		default:
			r.chatFault()
		}
	}
}

// chatFault makes one chat API fail for a moment: 500s, a 429 with
// retry_after, or calls held unanswered for a few seconds.
func (r *faultRun) chatFault() {
	n := 1 + r.rng.intn(3)
	retryAfter := 1 + r.rng.intn(3)
	hold := r.rng.dur(500*time.Millisecond, 3*time.Second)
	if r.rng.intn(2) == 0 {
		switch r.rng.intn(3) {
		case 0:
			m := pick(r.rng, "sendMessage", "sendPhoto", "editMessageText", "answerCallbackQuery", "getFile", "getUpdates")
			r.tg.FailMethod(m, n, http.StatusInternalServerError, 0)
			r.count("telegram 500")
		case 1:
			// Only calls about a chat: retry_after is kept per chat.
			m := pick(r.rng, "sendMessage", "sendPhoto", "editMessageText")
			r.tg.FailMethod(m, 1, http.StatusTooManyRequests, retryAfter)
			r.count("telegram 429")
		default:
			m := pick(r.rng, "sendMessage", "sendPhoto", "editMessageText", "getFile", "file")
			r.tg.Hang(m, 0)
			time.Sleep(hold)
			r.tg.Unhang()
			r.count("telegram hang")
		}
		return
	}
	switch r.rng.intn(3) {
	case 0:
		m := pick(r.rng, "chat.postMessage", "chat.update", "conversations.open", "users.info",
			"files.getUploadURLExternal", "files.completeUploadExternal", "views.publish")
		r.sl.FailStatus(m, n, http.StatusInternalServerError)
		r.count("slack 500")
	case 1:
		m := pick(r.rng, "chat.postMessage", "chat.update")
		r.sl.RateLimit(m, 1, retryAfter)
		r.count("slack 429")
	default:
		m := pick(r.rng, "chat.postMessage", "chat.update", "download")
		r.sl.Hang(m, "")
		time.Sleep(hold)
		r.sl.Unhang()
		r.count("slack hang")
	}
}

// killAndRestart kills the desk with SIGKILL and starts it again on the
// same data. Just before, the dispatch chats stop answering for a moment,
// so that the desk often dies owing them a post; the time from the
// restart to the first post then made is the time to the first owed
// notice.
func (r *faultRun) killAndRestart() {
	t := r.t
	for _, m := range []string{"sendMessage", "sendPhoto", "sendMediaGroup", "editMessageText", "editMessageCaption"} {
		r.tg.Hang(m, telegramDispatch)
	}
	for _, m := range []string{"chat.postMessage", "chat.update", "files.completeUploadExternal"} {
		r.sl.Hang(m, slackDispatch)
	}
	deadline := time.Now().Add(r.rng.dur(0, 3*time.Second))
	for time.Now().Before(deadline) && r.tg.Hanging()+r.sl.Hanging() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	owed := r.tg.Hanging()+r.sl.Hanging() > 0
	r.desk.kill(t)
	r.mu.Lock()
	r.kills = append(r.kills, time.Now())
	r.mu.Unlock()
	// Release what was held only once the fakes have seen the desk hang
	// up, or a held call would reach the platform after the desk died.
	gone := time.Now().Add(10 * time.Second)
	for r.tg.Hanging()+r.sl.Hanging() > 0 && time.Now().Before(gone) {
		time.Sleep(10 * time.Millisecond)
	}
	r.tg.Unhang()
	r.sl.Unhang()

	restarted := time.Now()
	r.mu.Lock()
	r.restarts = append(r.restarts, restarted)
	r.mu.Unlock()
	r.start()
	r.mu.Lock()
	r.readyAfter = append(r.readyAfter, time.Since(restarted))
	r.mu.Unlock()
	if owed {
		r.bg.Go(func() { r.measureOwed(restarted) })
	}
}

// retrySlack delivers again the envelopes the desk has left
// unacknowledged for 3 s (a killed desk, or one whose store was down
// while the envelope came), each up to 3 times. Slack does so with
// events; a person whose button press or command did nothing does it
// with those.
func (r *faultRun) retrySlack() {
	now := time.Now()
	for _, d := range r.sl.Unacked() {
		r.mu.Lock()
		first, seen := r.slackUnacked[d.ID]
		if !seen {
			r.slackUnacked[d.ID] = now
		}
		again := seen && now.Sub(first) > 3*time.Second && !r.slackRetried[d.ID] && d.Retry < 3
		if again {
			r.slackRetried[d.ID] = true
		}
		r.mu.Unlock()
		if again {
			r.sl.Redeliver(d)
			r.count("envelope retried, as Slack does")
		}
	}
}

// measureOwed waits for the first post made in a dispatch chat after a
// restart, and keeps how long after the restart it came.
func (r *faultRun) measureOwed(restarted time.Time) {
	deadline := time.Now().Add(r.size.owedMeasure)
	for time.Now().Before(deadline) {
		var first time.Time
		for _, c := range r.tg.Calls() {
			if c.Status == http.StatusOK && c.At.After(restarted) && c.Fields["chat_id"] == fmt.Sprint(int64(telegramDispatch)) &&
				(strings.HasPrefix(c.Method, "send") || strings.HasPrefix(c.Method, "edit")) && (first.IsZero() || c.At.Before(first)) {
				first = c.At
			}
		}
		for _, c := range r.sl.Calls("chat.postMessage", "chat.update", "files.completeUploadExternal") {
			if c.Status == http.StatusOK && c.At.After(restarted) && (c.Params["channel"] == slackDispatch || c.Params["channel_id"] == slackDispatch) &&
				(first.IsZero() || c.At.Before(first)) {
				first = c.At
			}
		}
		if !first.IsZero() {
			r.mu.Lock()
			r.owedAfter = append(r.owedAfter, first.Sub(restarted))
			r.mu.Unlock()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// outage stops the store server for a while and starts it again.
func (r *faultRun) outage() {
	r.store.stop()
	r.count("store stopped")
	time.Sleep(r.size.outage)
	if err := r.store.start(); err != nil {
		r.t.Fatalf("start the store again: %v", err)
	}
	r.checkExited()
}

// checkExited starts the desk again if it ended by itself, and keeps its
// last words: the desk should ride out every fault the suite injects.
func (r *faultRun) checkExited() {
	select {
	case err := <-r.desk.exited:
		r.desk.killed = true // its cleanup has nothing left to stop
		logs := r.desk.logs.String()
		r.mu.Lock()
		r.exits = append(r.exits, fmt.Sprintf("%v: %s", err, tail(logs, 1500)))
		r.mu.Unlock()
		r.start()
	default:
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// twice delivers an input again a moment after the desk has taken it: a
// Telegram update once a later getUpdates confirmed it, a Slack envelope
// once it was acknowledged. The desk must answer and act on it once.
func (r *faultRun) twice(d delivered) {
	r.bg.Go(func() {
		for !r.taken(d) {
			select {
			case <-r.stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
		time.Sleep(r.rng.dur(0, 1500*time.Millisecond))
		if d.envelope != nil {
			r.sl.Redeliver(d.envelope)
		} else {
			r.tg.Redeliver(d.update)
		}
		r.count("delivered twice")
	})
}

func (r *faultRun) taken(d delivered) bool {
	if d.envelope != nil {
		return r.sl.Acked(d.envelope)
	}
	return slices.ContainsFunc(r.tg.Offsets(), func(o int64) bool { return o > d.update })
}

// post is the newest message in a platform's dispatch chat that mentions
// about and has a button labelled label ("": any message), as it reads
// now.
func (r *faultRun) post(platform, about, label string) (string, bool) {
	for _, p := range slices.Backward(r.dispatchPosts(platform)) {
		if strings.Contains(p.body, about) && (label == "" || hasButton(p, label)) {
			return p.body, true
		}
	}
	return "", false
}

func (r *faultRun) dispatchPosts(platform string) []post {
	if platform == "telegram" {
		return tgGroups{r.tg}.posts(dispatch)
	}
	var out []post
	for _, m := range r.sl.MessagesIn(slackDispatch) {
		p := post{body: m.Body(), photo: len(m.Files) > 0}
		for _, b := range m.Buttons() {
			p.buttons = append(p.buttons, b.Label)
		}
		out = append(out, p)
	}
	return out
}

// settle waits until every dispatch post of a ticket that was completed
// says so on both platforms: the last notices are on their way.
func (r *faultRun) settle(ds []*dialogue) {
	deadline := time.Now().Add(r.size.settleWait)
	for time.Now().Before(deadline) {
		done := true
		for _, d := range ds {
			if !d.rated {
				continue
			}
			for _, p := range []string{"telegram", "slack"} {
				if _, ok := r.post(p, d.title, ""); !ok || !r.completedPost(p, d) {
					done = false
				}
			}
		}
		if done {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (r *faultRun) completedPost(platform string, d *dialogue) bool {
	for _, p := range r.dispatchPosts(platform) {
		if strings.Contains(p.body, d.title) && strings.Contains(p.body, "Completed by "+d.tech.name) {
			return true
		}
	}
	return false
}
