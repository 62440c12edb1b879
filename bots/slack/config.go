package slack

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/pace"
)

// DefaultAPIBase is Slack's Web API.
const DefaultAPIBase = "https://slack.com/api/"

// Config is what the adapter needs to know. BotToken is required, and one
// of AppToken (Socket Mode) and SigningSecret (HTTP).
type Config struct {
	// BotToken is the bot user's token (xoxb-…), for every Web API call.
	BotToken string
	// AppToken is an app-level token (xapp-…, connections:write): the
	// bot receives events over a Socket Mode websocket, and needs no
	// public address.
	AppToken string
	// SigningSecret, when set, makes the bot receive events over HTTP
	// instead (Events API, interactivity and slash command request URLs),
	// each request signed with it. It wins over AppToken.
	SigningSecret string
	// DispatchChannel and SupervisorChannel are the technicians' and the
	// supervisors' channel ids ("C0123ABCD"), optionally "slack:"-prefixed.
	// The bot must be a member of both. Empty: none.
	DispatchChannel   string
	SupervisorChannel string
	// APIBase is the Web API, DefaultAPIBase when empty; a fake in tests.
	APIBase string
	// ListenAddr is where Run serves the HTTP endpoints (":3000") in HTTP
	// mode. Empty: Run serves nothing, and the program mounts Handler on
	// its own server.
	ListenAddr string
	// Pace bounds how fast the bot writes to one channel; the zero value
	// is Slack's advice of about one message a second.
	Pace Pace
}

// Pace allows one message every Every, after a burst of Burst. Slack
// tolerates short bursts and answers 429 to a bot that keeps them up.
// Off lifts the limit: for tests, and for a workspace Slack allows more.
type Pace struct {
	Every time.Duration
	Burst int
	Off   bool
}

// rate is the pace as the limiter takes it, whose zero Rate bounds
// nothing.
func (p Pace) rate() pace.Rate {
	if p.Off {
		return pace.Rate{}
	}
	return pace.Rate{Every: p.Every, Burst: p.Burst}
}

func (p Pace) withDefaults() Pace {
	if p.Off {
		return p
	}
	if p.Every <= 0 {
		p.Every = time.Second
	}
	if p.Burst <= 0 {
		p.Burst = 4
	}
	return p
}

// MinSigningSecret is the shortest signing secret accepted. Slack's are
// 32 hex characters; anything much shorter is a placeholder or a typo, and
// a secret that can be guessed lets anyone sign events as Slack.
const MinSigningSecret = 16

// prefix qualifies chats and accounts as the desk writes them.
const prefix = platform + ":"

// check reports every problem of the configuration at once, and fills in
// the defaults.
func (cfg *Config) check() error {
	var errs []error
	if strings.TrimSpace(cfg.BotToken) == "" {
		errs = append(errs, errors.New("slack: no bot token"))
	}
	if cfg.SigningSecret == "" && cfg.AppToken == "" {
		errs = append(errs, errors.New("slack: set an app token (Socket Mode) or a signing secret (HTTP events)"))
	}
	if cfg.SigningSecret != "" && len(cfg.SigningSecret) < MinSigningSecret {
		errs = append(errs, fmt.Errorf("slack: the signing secret has %d characters, want at least %d (Slack's are 32 hex characters)",
			len(cfg.SigningSecret), MinSigningSecret))
	}
	if cfg.SigningSecret == "" && cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-") {
		errs = append(errs, errors.New("slack: the app token is an app-level token, xapp-…"))
	}
	if cfg.APIBase == "" {
		cfg.APIBase = DefaultAPIBase
	}
	if !strings.HasSuffix(cfg.APIBase, "/") {
		// slack-go joins the base and the method name as they are.
		cfg.APIBase += "/"
	}
	if u, err := url.Parse(cfg.APIBase); err != nil || u.Host == "" {
		errs = append(errs, fmt.Errorf("slack: API base %q is not a URL", cfg.APIBase))
	}
	for _, c := range []struct {
		name string
		val  *string
	}{{"dispatch channel", &cfg.DispatchChannel}, {"supervisor channel", &cfg.SupervisorChannel}} {
		v := strings.TrimPrefix(strings.TrimSpace(*c.val), prefix)
		*c.val = v
		if v != "" && !validID(v) {
			errs = append(errs, fmt.Errorf("slack %s %q: want a channel id like C0123ABCD, not a name", c.name, v))
		}
	}
	cfg.Pace = cfg.Pace.withDefaults()
	return errors.Join(errs...)
}

// validID accepts Slack's ids (channels, users, teams): capital letters
// and digits. A channel's #name is not one.
func validID(s string) bool {
	if len(s) < 2 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// chatOf reads a desk chat, "slack:<channel>".
func chatOf(chat string) (string, bool) {
	c, ok := strings.CutPrefix(chat, prefix)
	return c, ok && validID(c)
}

// chat is a channel as the desk knows it.
func chat(channel string) string { return prefix + channel }

// account is a person as the desk knows them: "slack:<team>/<user>".
func account(team, user string) string { return prefix + team + "/" + user }

// userOf reads an account, "slack:<team>/<user>", and returns the user.
func userOf(acct string) (string, bool) {
	rest, ok := strings.CutPrefix(acct, prefix)
	if !ok {
		return "", false
	}
	_, user, ok := strings.Cut(rest, "/")
	return user, ok && validID(user)
}

// isDM reports whether a channel is a direct message: Slack's ids of
// direct messages begin with D. Interaction payloads do not say the
// channel's type; the id does.
func isDM(channel string) bool { return strings.HasPrefix(channel, "D") }
