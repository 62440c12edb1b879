package telegram

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/pace"
)

// DefaultAPIBase is Telegram's Bot API server.
const DefaultAPIBase = "https://api.telegram.org"

// Config is what the adapter needs to know. Only Token is required.
type Config struct {
	Token string
	// APIBase is the Bot API server, DefaultAPIBase when empty: a local
	// Bot API server, or a fake one in tests.
	APIBase string
	// DispatchChat and SupervisorChat are the technicians' group and the
	// supervisors' group or channel: a numeric chat id ("-1001234567890"),
	// a public "@username", optionally prefixed "telegram:". Empty: none.
	DispatchChat   string
	SupervisorChat string
	// WebhookURL, when set, makes the bot receive updates by webhook
	// instead of long polling; it is the public HTTPS address Telegram
	// posts to. WebhookSecret is then required: Telegram sends it in every
	// request, and requests without it are refused.
	WebhookURL    string
	WebhookSecret string
	// ListenAddr is where Run serves the webhook (":8443"). Empty: Run
	// serves nothing, and the program mounts WebhookHandler on its own
	// HTTP server at the path of WebhookURL.
	ListenAddr string
	// Limits pace the bot's messages; the zero value is Telegram's.
	Limits Limits
	// Shared says other copies of the program may write the store
	// (MongoDB): the answers held for a person (held.go) are then looked
	// for in the store at each of their private messages, since another
	// copy may have held some; with the store to itself (the embedded
	// one), the bot knows which accounts have some without asking.
	Shared bool
}

// Limits are how fast the bot sends. Telegram asks bots to send no more
// than about one message a second to a chat, twenty a minute to a group
// and thirty a second in all, and answers 429 to a bot that does not.
// A zero Rate takes that default.
type Limits struct {
	Chat    Rate // a private chat: one a second, bursts of 3
	Group   Rate // a group or channel: one every 3 s, bursts of 5
	Overall Rate // everything together: thirty a second
}

// Rate allows one message every Every, after a burst of Burst. Off lifts
// the limit: for tests, and for a bot whose limits Telegram raised.
type Rate struct {
	Every time.Duration
	Burst int
	Off   bool
}

// pace is the rate as the limiter takes it, whose zero Rate bounds
// nothing.
func (r Rate) pace() pace.Rate {
	if r.Off {
		return pace.Rate{}
	}
	return pace.Rate{Every: r.Every, Burst: r.Burst}
}

func (l Limits) withDefaults() Limits {
	def := func(r *Rate, every time.Duration, burst int) {
		if r.Off {
			return
		}
		if r.Every <= 0 {
			r.Every = every
		}
		if r.Burst <= 0 {
			r.Burst = burst
		}
	}
	def(&l.Chat, time.Second, 3)
	def(&l.Group, 3*time.Second, 5)
	def(&l.Overall, time.Second/30, 30)
	return l
}

// chatID is a Telegram chat: a numeric id or a public "@username".
type chatID struct {
	id   int64
	name string
}

// platformPrefix qualifies chats and accounts as the desk writes them.
const platformPrefix = platform + ":"

// parseChat reads a chat as the configuration or the desk writes it.
func parseChat(s string) (chatID, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), platformPrefix)
	if strings.HasPrefix(s, "@") && len(s) > 1 {
		return chatID{name: s}, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id == 0 {
		return chatID{}, fmt.Errorf("telegram chat %q: want a numeric id or an @username", s)
	}
	return chatID{id: id}, nil
}

// param is the chat as the Bot API's chat_id.
func (c chatID) param() any {
	if c.name != "" {
		return c.name
	}
	return c.id
}

// key names the chat in maps and logs.
func (c chatID) key() string {
	if c.name != "" {
		return c.name
	}
	return strconv.FormatInt(c.id, 10)
}

// String is the chat as the desk knows it: "telegram:<id>".
func (c chatID) String() string { return platformPrefix + c.key() }

// group reports whether the chat is a group or channel: private chats
// have the person's positive user id.
func (c chatID) group() bool { return c.name != "" || c.id < 0 }

func (c chatID) zero() bool { return c.id == 0 && c.name == "" }

// check reports every problem of the configuration at once.
func (cfg *Config) check() (dispatch, supervisors chatID, err error) {
	var errs []error
	if strings.TrimSpace(cfg.Token) == "" {
		errs = append(errs, errors.New("telegram: no bot token"))
	}
	if cfg.APIBase == "" {
		cfg.APIBase = DefaultAPIBase
	}
	cfg.APIBase = strings.TrimRight(cfg.APIBase, "/")
	if u, perr := url.Parse(cfg.APIBase); perr != nil || u.Host == "" {
		errs = append(errs, fmt.Errorf("telegram: API base %q is not a URL", cfg.APIBase))
	}
	for _, c := range []struct {
		name string
		val  string
		dst  *chatID
	}{{"dispatch chat", cfg.DispatchChat, &dispatch}, {"supervisor chat", cfg.SupervisorChat, &supervisors}} {
		if strings.TrimSpace(c.val) == "" {
			continue
		}
		id, perr := parseChat(c.val)
		if perr != nil {
			errs = append(errs, fmt.Errorf("telegram %s: %w", c.name, perr))
		} else if !id.group() {
			errs = append(errs, fmt.Errorf("telegram %s %q: a group's id is negative", c.name, c.val))
		}
		*c.dst = id
	}
	if cfg.WebhookURL != "" {
		if u, perr := url.Parse(cfg.WebhookURL); perr != nil || u.Host == "" {
			errs = append(errs, fmt.Errorf("telegram: webhook URL %q is not a URL", cfg.WebhookURL))
		}
		if !validSecret(cfg.WebhookSecret) {
			errs = append(errs, errors.New("telegram: a webhook needs a secret of 1-256 letters, digits, _ or -"))
		}
	}
	return dispatch, supervisors, errors.Join(errs...)
}

// validSecret is Telegram's rule for secret_token.
func validSecret(s string) bool {
	if s == "" || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
