package slack

import (
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/lanes"
)

// The Home tab is a picture of the desk taken when it was published: a
// ticket claimed, urged or approved since makes it wrong. Slack shows the
// last published view without asking the app again, so the bot publishes
// anew whenever the desk tells someone something: the person a notice is
// for, and, after a notice in a shared channel (a new ticket, a claim, a
// suspension request), everyone whose tab may list it. Only people who
// have looked at their tab since the program started are refreshed: for
// anyone else the next app_home_opened publishes it fresh anyway.
//
// A burst of changes (a supervisor approving ten requests) would publish
// as many views; refreshes are gathered instead, one per person per
// homeSettle.

// homeSettle is how long a refresh waits for more changes.
const homeSettle = 2 * time.Second

// homes remembers who has seen their Home tab and whose refresh is due.
type homes struct {
	mu      sync.Mutex
	viewers map[string]string // user → team
	due     map[string]bool
	fire    func(team, user string)
}

func newHomes(fire func(team, user string)) *homes {
	return &homes{viewers: map[string]string{}, due: map[string]bool{}, fire: fire}
}

// viewed records that user's tab shows the desk as it is now.
func (h *homes) viewed(team, user string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.viewers[user] = team
}

// changed schedules a refresh of user's tab, if they have one to refresh.
func (h *homes) changed(user string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.schedule(user)
}

// changedAll schedules a refresh of every tab seen.
func (h *homes) changedAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for user := range h.viewers {
		h.schedule(user)
	}
}

// schedule is changed with h.mu held.
func (h *homes) schedule(user string) {
	team, ok := h.viewers[user]
	if !ok || h.due[user] {
		return
	}
	h.due[user] = true
	time.AfterFunc(homeSettle, func() {
		h.mu.Lock()
		delete(h.due, user)
		h.mu.Unlock()
		h.fire(team, user)
	})
}

// refreshHome queues a publication of user's Home tab behind their other
// events, so it never overtakes an answer still being written.
func (b *Bot) refreshHome(team, user string) {
	// Nothing is lost with it: it is not kept in the store.
	if b.inbox.Push(laneOf(team, user), &event{team: team, user: user, home: true, refresh: true}) == lanes.Queued {
		return
	}
	b.log.Debug("slack: Home tab refresh not queued", "user", user)
}
