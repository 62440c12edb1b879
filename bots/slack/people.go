package slack

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/repairdesk/repairdesk/i18n"
	"github.com/slack-go/slack"
)

// Cache bounds. A profile is asked for again after profileTTL, so that a
// changed locale or name shows within the hour; a failed lookup is not
// cached, and the person is answered without it. DM channels never
// change.
const (
	profileTTL  = time.Hour
	maxPeople   = 10000
	lookupLimit = 5 * time.Second
)

// profile is what the desk takes from a Slack user: the language of their
// client and a name to register them under.
type profile struct {
	lang string
	name string
	at   time.Time
}

// people caches users.info answers and the DM channel with each person:
// every input needs both, and Slack limits users.info and
// conversations.open (Tier 4 and 3) well below the rate people type.
type people struct {
	b *Bot

	mu       sync.Mutex
	profiles map[string]profile
	dms      map[string]string // user → DM channel with the bot
}

func newPeople(b *Bot) *people {
	return &people{b: b, profiles: map[string]profile{}, dms: map[string]string{}}
}

// profile returns the person's language and name, from the cache or from
// users.info (include_locale). It never fails: without an answer the desk
// uses what it knows already.
func (p *people) profile(ctx context.Context, user string) profile {
	p.mu.Lock()
	pr, ok := p.profiles[user]
	p.mu.Unlock()
	if ok && time.Since(pr.at) < profileTTL {
		return pr
	}
	ctx, cancel := context.WithTimeout(ctx, lookupLimit)
	defer cancel()
	u, err := p.b.api.GetUserInfoContext(ctx, user, slack.GetUserInfoOptionIncludeLocale(true))
	if err != nil {
		p.b.log.Warn("slack: users.info failed; answering without the profile", "user", user, "err", err)
		if ok {
			return pr // stale, but better than nothing
		}
		return profile{}
	}
	pr = profile{lang: i18n.Norm(u.Locale), name: nameOf(u), at: time.Now()}
	p.mu.Lock()
	if len(p.profiles) >= maxPeople {
		clear(p.profiles)
	}
	p.profiles[user] = pr
	p.mu.Unlock()
	return pr
}

// nameOf is the name a person goes by: the full name of their profile,
// else their display name, else their user name.
func nameOf(u *slack.User) string {
	for _, n := range []string{u.Profile.RealName, u.RealName, u.Profile.DisplayName, u.Name} {
		if n = strings.TrimSpace(n); n != "" {
			return n
		}
	}
	return ""
}

// learnDM records the DM channel with a person, seen in an event.
func (p *people) learnDM(user, channel string) {
	if user == "" || !isDM(channel) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.dms) >= maxPeople {
		clear(p.dms)
	}
	p.dms[user] = channel
}

// dm returns the DM channel with a person, opening it
// (conversations.open) the first time, with the caller's patience.
func (p *people) dm(ctx context.Context, user string, pa patience) (string, error) {
	p.mu.Lock()
	ch, ok := p.dms[user]
	p.mu.Unlock()
	if ok {
		return ch, nil
	}
	var c *slack.Channel
	err := p.b.call(ctx, "", pa, func(ctx context.Context) error {
		var err error
		c, _, _, err = p.b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("open DM with %s: %w", user, err)
	}
	p.learnDM(user, c.ID)
	return c.ID, nil
}

// cachedLang is the person's language if their profile is cached, ""
// otherwise: for answers that cannot wait for users.info.
func (p *people) cachedLang(user string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.profiles[user].lang
}
