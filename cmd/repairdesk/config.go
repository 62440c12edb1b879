package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack"
	"github.com/repairdesk/repairdesk/bots/telegram"
)

// config is every setting of the program. Each has an environment variable
// and a flag; the flag wins.
type config struct {
	MongoURI   string
	Database   string
	DataDir    string
	HTTPAddr   string
	WebChat    *bool // nil: auto (webChat)
	Demo       *bool // nil: auto (demoPeople)
	LogFormat  string
	LogLevel   string
	Admins     []string
	Tick       time.Duration
	ChartFont  string
	ClockFile  string // for tests only: see fileClock
	CPUProfile string

	TelegramToken       string
	TelegramAPI         string
	TelegramDispatch    string
	TelegramSupervisors string
	TelegramWebhookURL  string
	TelegramSecret      string
	TelegramLimits      telegram.Limits

	SlackBotToken    string
	SlackAppToken    string
	SlackSigning     string
	SlackDispatch    string
	SlackSupervisors string
	SlackAPI         string
	SlackPace        slack.Pace
}

// setting describes one setting for the environment, the flag and -h.
type setting struct {
	env, flag, def, help string
	set                  func(c *config, v string) error
}

func str(p func(*config) *string) func(*config, string) error {
	return func(c *config, v string) error { *p(c) = strings.TrimSpace(v); return nil }
}

// auto reads auto, true or false into a setting that the desk decides
// when it is left nil (auto).
func auto(p func(*config) **bool) func(*config, string) error {
	return func(c *config, v string) error {
		if v = strings.ToLower(strings.TrimSpace(v)); v == "auto" {
			*p(c) = nil
			return nil
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want auto, true or false, got %q", v)
		}
		*p(c) = &b
		return nil
	}
}

// settings lists every setting. The README's configuration table follows
// this list.
var settings = []setting{
	{"MONGODB_URI", "mongodb-uri", "", "MongoDB connection string; empty runs the embedded store in -data", str(func(c *config) *string { return &c.MongoURI })},
	{"MONGODB_DATABASE", "database", "repairdesk", "database name", str(func(c *config) *string { return &c.Database })},
	{"DATA_DIR", "data", "./data", "folder of the embedded store (used when MONGODB_URI is empty)", str(func(c *config) *string { return &c.DataDir })},
	{"HTTP_ADDR", "http", "127.0.0.1:8080", "address of the web chat, health, metrics and webhook endpoints", func(c *config, v string) error {
		if _, _, err := net.SplitHostPort(v); err != nil {
			return fmt.Errorf("want host:port, got %q", v)
		}
		c.HTTPAddr = v
		return nil
	}},
	{"WEB_CHAT", "web", "auto", "serve the local web chat, which has no login; auto: only when no Telegram or Slack token is set; true: beside them too, acting only as demo people", auto(func(c *config) **bool { return &c.WebChat })},
	{"DEMO", "demo", "auto", "create the web chat's demo people and give them their roles; auto: only when no Telegram or Slack token is set; otherwise demo people found in the store lose their roles at start", auto(func(c *config) **bool { return &c.Demo })},
	{"LOG_FORMAT", "log-format", "text", "text or json", func(c *config, v string) error {
		if v != "text" && v != "json" {
			return fmt.Errorf("want text or json, got %q", v)
		}
		c.LogFormat = v
		return nil
	}},
	{"LOG_LEVEL", "log-level", "info", "debug, info, warn or error", func(c *config, v string) error {
		switch v {
		case "debug", "info", "warn", "error":
			c.LogLevel = v
			return nil
		}
		return fmt.Errorf("want debug, info, warn or error, got %q", v)
	}},
	{"ADMINS", "admins", "", "comma-separated accounts made admins at start (telegram:<user id>, slack:<team>/<user>)", func(c *config, v string) error {
		c.Admins = nil
		for _, a := range strings.Split(v, ",") {
			if a = strings.TrimSpace(a); a != "" {
				if !strings.Contains(a, ":") {
					return fmt.Errorf("account %q: want platform:id", a)
				}
				c.Admins = append(c.Admins, a)
			}
		}
		return nil
	}},
	{"SCHEDULER_TICK", "tick", "1m", "how often the scheduler looks for overdue tickets", func(c *config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return fmt.Errorf("want a duration of at least 1s, got %q", v)
		}
		c.Tick = d
		return nil
	}},
	{"CHART_FONT", "chart-font", "", "a font file with Chinese glyphs (.ttf, .otf, .ttc) for the weekly chart's labels; empty: look in the usual places", str(func(c *config) *string { return &c.ChartFont })},
	{"CLOCK_FILE", "clock-file", "", "for tests only: read the desk's clock from this file, an RFC 3339 time (the clock stands still) or an offset such as 72h from the real clock, re-read when it changes", str(func(c *config) *string { return &c.ClockFile })},
	{"CPU_PROFILE", "cpu-profile", "", "for measuring: write a CPU profile of the whole run to this file (go tool pprof reads it) when the desk stops", str(func(c *config) *string { return &c.CPUProfile })},
	{"TELEGRAM_TOKEN", "telegram-token", "", "Telegram bot token from BotFather; empty: no Telegram", str(func(c *config) *string { return &c.TelegramToken })},
	{"TELEGRAM_API_URL", "telegram-api", "https://api.telegram.org", "Bot API server (a self-hosted one, or a test server)", str(func(c *config) *string { return &c.TelegramAPI })},
	{"TELEGRAM_DISPATCH_CHAT", "telegram-dispatch", "", "id of the technicians' group chat", chatID(func(c *config) *string { return &c.TelegramDispatch })},
	{"TELEGRAM_SUPERVISOR_CHAT", "telegram-supervisors", "", "id of the supervisors' group chat", chatID(func(c *config) *string { return &c.TelegramSupervisors })},
	{"TELEGRAM_WEBHOOK_URL", "telegram-webhook", "", "public https URL for webhook mode; empty: long polling", str(func(c *config) *string { return &c.TelegramWebhookURL })},
	{"TELEGRAM_WEBHOOK_SECRET", "telegram-secret", "", "secret token Telegram sends with each webhook request", str(func(c *config) *string { return &c.TelegramSecret })},
	{"TELEGRAM_LIMIT_CHAT", "telegram-limit-chat", "1/1s,3", "messages to one private chat: count/period,burst, or off", limit(func(c *config) (*time.Duration, *int, *bool) {
		r := &c.TelegramLimits.Chat
		return &r.Every, &r.Burst, &r.Off
	})},
	{"TELEGRAM_LIMIT_GROUP", "telegram-limit-group", "20/1m,5", "messages to one group or channel: count/period,burst, or off", limit(func(c *config) (*time.Duration, *int, *bool) {
		r := &c.TelegramLimits.Group
		return &r.Every, &r.Burst, &r.Off
	})},
	{"TELEGRAM_LIMIT_OVERALL", "telegram-limit-overall", "30/1s,30", "messages to all chats together: count/period,burst, or off", limit(func(c *config) (*time.Duration, *int, *bool) {
		r := &c.TelegramLimits.Overall
		return &r.Every, &r.Burst, &r.Off
	})},
	{"SLACK_BOT_TOKEN", "slack-bot-token", "", "Slack bot token (xoxb-…); empty: no Slack", str(func(c *config) *string { return &c.SlackBotToken })},
	{"SLACK_APP_TOKEN", "slack-app-token", "", "Slack app-level token (xapp-…) for Socket Mode", str(func(c *config) *string { return &c.SlackAppToken })},
	{"SLACK_SIGNING_SECRET", "slack-signing-secret", "", "Slack signing secret: serve HTTP events instead of Socket Mode", func(c *config, v string) error {
		// Checked here as well as by the adapter, so that it is reported
		// with every other problem before anything starts.
		v = strings.TrimSpace(v)
		if v != "" && len(v) < slack.MinSigningSecret {
			return fmt.Errorf("want Slack's signing secret (32 hex characters, at least %d), got %d characters", slack.MinSigningSecret, len(v))
		}
		c.SlackSigning = v
		return nil
	}},
	{"SLACK_DISPATCH_CHANNEL", "slack-dispatch", "", "id of the technicians' channel", str(func(c *config) *string { return &c.SlackDispatch })},
	{"SLACK_SUPERVISOR_CHANNEL", "slack-supervisors", "", "id of the supervisors' channel", str(func(c *config) *string { return &c.SlackSupervisors })},
	{"SLACK_API_URL", "slack-api", "https://slack.com/api/", "Slack Web API base (for tests)", str(func(c *config) *string { return &c.SlackAPI })},
	{"SLACK_LIMIT_CHANNEL", "slack-limit-channel", "1/1s,4", "messages to one channel or DM: count/period,burst, or off", limit(func(c *config) (*time.Duration, *int, *bool) {
		return &c.SlackPace.Every, &c.SlackPace.Burst, &c.SlackPace.Off
	})},
}

// limit reads a platform's rate limit: "30/1s,30" is thirty messages a
// second with bursts of thirty, "20/1m,5" twenty a minute with bursts of
// five; "off" lifts the limit, for tests and for a bot whose platform
// raised its limits.
func limit(p func(*config) (*time.Duration, *int, *bool)) func(*config, string) error {
	return func(c *config, v string) error {
		every, burst, off := p(c)
		v = strings.ToLower(strings.TrimSpace(v))
		if v == "off" {
			*every, *burst, *off = 0, 0, true
			return nil
		}
		bad := fmt.Errorf("want count/period,burst such as 30/1s,30, or off, got %q", v)
		rate, b, _ := strings.Cut(v, ",")
		count, period, ok := strings.Cut(rate, "/")
		if !ok {
			return bad
		}
		n, err := strconv.Atoi(strings.TrimSpace(count))
		if err != nil || n < 1 {
			return bad
		}
		d, err := time.ParseDuration(strings.TrimSpace(period))
		if err != nil || d <= 0 {
			return bad
		}
		*burst = 1
		if b != "" {
			if *burst, err = strconv.Atoi(strings.TrimSpace(b)); err != nil || *burst < 1 {
				return bad
			}
		}
		*every, *off = d/time.Duration(n), false
		return nil
	}
}

func chatID(p func(*config) *string) func(*config, string) error {
	return func(c *config, v string) error {
		v = strings.TrimSpace(v)
		if v != "" && !strings.HasPrefix(v, "@") {
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				return fmt.Errorf("want a chat id such as -1001234567890 or a channel's @name, got %q", v)
			}
		}
		*p(c) = v
		return nil
	}
}

// loadConfig reads the environment, then the flags, and reports every
// problem at once rather than one per run.
func loadConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	var problems []string
	fs := flag.NewFlagSet("repairdesk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(stderr) }
	values := map[string]*string{}
	for _, s := range settings {
		v := s.def
		if e := getenv(s.env); e != "" {
			v = e
		}
		values[s.flag] = fs.String(s.flag, v, s.help)
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected arguments: %s", strings.Join(fs.Args(), " ")))
	}
	for _, s := range settings {
		if err := s.set(&c, *values[s.flag]); err != nil {
			problems = append(problems, fmt.Sprintf("%s (-%s): %v", s.env, s.flag, err))
		}
	}
	if c.SlackBotToken != "" && c.SlackAppToken == "" && c.SlackSigning == "" {
		problems = append(problems, "SLACK_BOT_TOKEN is set: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP events) too")
	}
	if c.TelegramWebhookURL != "" && c.TelegramSecret == "" {
		problems = append(problems, "TELEGRAM_WEBHOOK_URL is set: set TELEGRAM_WEBHOOK_SECRET too, so that forged updates are refused")
	}
	if c.TelegramWebhookURL != "" && !strings.HasPrefix(c.TelegramWebhookURL, "https://") {
		problems = append(problems, "TELEGRAM_WEBHOOK_URL must be an https:// URL")
	}
	if len(problems) > 0 {
		return c, errors.New("configuration:\n  " + strings.Join(problems, "\n  "))
	}
	return c, nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "repairdesk runs the repair desk. With no settings it keeps its data in ./data and serves a web chat on http://127.0.0.1:8080.")
	fmt.Fprintln(w, "\nUsage:\n  repairdesk [flags]\n  repairdesk export [-state s] [-from date] [-to date] [-o file]\n\nSettings (environment variable, flag, default):")
	for _, s := range settings {
		def := s.def
		if def == "" {
			def = "(empty)"
		}
		fmt.Fprintf(w, "  %-26s -%-22s %s\n      %s\n", s.env, s.flag, def, s.help)
	}
}

// platform reports whether a real chat platform is configured: the desk
// is then a real one, not one being tried.
func (c config) platform() bool { return c.TelegramToken != "" || c.SlackBotToken != "" }

// webChat reports whether the web chat is served: as asked, or, left to
// the desk, only on a desk that is just being tried. It has no login, and
// beside a real platform it would be a back door to real tickets for
// anyone who reaches the address; there it takes an explicit WEB_CHAT=true.
func (c config) webChat() bool {
	if c.WebChat != nil {
		return *c.WebChat
	}
	return !c.platform()
}

// demoPeople reports whether the demo people are to be created and hold
// their roles: as asked, or, left to the desk, only on a desk that is just
// being tried. Otherwise the demo people a tried desk left in its store
// lose their roles at start: a real desk would else keep a demo admin
// anyone at the web chat can act as.
func (c config) demoPeople() bool {
	if c.Demo != nil {
		return *c.Demo
	}
	return !c.platform()
}
