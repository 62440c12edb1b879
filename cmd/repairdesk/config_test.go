package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigDefaults(t *testing.T) {
	c, err := loadConfig(nil, env(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.MongoURI != "" || c.DataDir != "./data" || c.HTTPAddr != "127.0.0.1:8080" || !c.webChat() || c.Tick != time.Minute {
		t.Fatalf("defaults: %+v", c)
	}
}

// The demo people come by themselves only to a desk with no chat platform:
// on a real one, anyone at the web chat could act as the demo admin.
func TestDemoPeopleOnlyWhereTried(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want bool
	}{
		{nil, true},
		{map[string]string{"TELEGRAM_TOKEN": "1:abc"}, false},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, false},
		{map[string]string{"TELEGRAM_TOKEN": "1:abc", "DEMO": "true"}, true},
		{map[string]string{"DEMO": "false"}, false},
	} {
		c, err := loadConfig(nil, env(tc.env), &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.demoPeople(); got != tc.want {
			t.Errorf("%v: demo people %v, want %v", tc.env, got, tc.want)
		}
	}
	if _, err := loadConfig([]string{"-demo", "maybe"}, env(nil), &bytes.Buffer{}); err == nil {
		t.Error("-demo maybe accepted")
	}
}

// The web chat has no login: it comes by itself only to a desk with no
// chat platform. Beside one it takes WEB_CHAT=true, and a demo admin
// found in the store has lost the role by then.
func TestWebChatOnlyWhereTried(t *testing.T) {
	for _, tc := range []struct {
		name      string
		env       map[string]string
		web, demo bool
	}{
		{"no-platform", nil, true, true},
		{"telegram", map[string]string{"TELEGRAM_TOKEN": "1:abc"}, false, false},
		{"slack", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, false, false},
		{"telegram/auto", map[string]string{"TELEGRAM_TOKEN": "1:abc", "WEB_CHAT": "auto"}, false, false},
		{"telegram/web-true", map[string]string{"TELEGRAM_TOKEN": "1:abc", "WEB_CHAT": "true"}, true, false},
		{"telegram/web-true/demo-true", map[string]string{"TELEGRAM_TOKEN": "1:abc", "WEB_CHAT": "true", "DEMO": "true"}, true, true},
		{"no-platform/web-false", map[string]string{"WEB_CHAT": "false"}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := loadConfig(nil, env(tc.env), &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			if got := c.webChat(); got != tc.web {
				t.Errorf("web chat served %v, want %v", got, tc.web)
			}
			if got := c.demoPeople(); got != tc.demo {
				t.Errorf("demo people %v, want %v", got, tc.demo)
			}
		})
	}
	if _, err := loadConfig([]string{"-web", "maybe"}, env(nil), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "WEB_CHAT") {
		t.Errorf("-web maybe: %v", err)
	}
}

func TestConfigFlagsOverrideEnvironment(t *testing.T) {
	c, err := loadConfig([]string{"-data", "/srv/desk", "-web=false"},
		env(map[string]string{"DATA_DIR": "/tmp/x", "HTTP_ADDR": "0.0.0.0:9000", "ADMINS": "telegram:1, slack:T1/U2"}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/srv/desk" || c.webChat() || c.HTTPAddr != "0.0.0.0:9000" || len(c.Admins) != 2 || c.Admins[1] != "slack:T1/U2" {
		t.Fatalf("config: %+v", c)
	}
}

func TestConfigReportsEveryProblemAtOnce(t *testing.T) {
	_, err := loadConfig([]string{"-log-format", "xml"}, env(map[string]string{
		"HTTP_ADDR": "nowhere", "TELEGRAM_DISPATCH_CHAT": "dispatch", "SCHEDULER_TICK": "soon",
		"SLACK_BOT_TOKEN": "xoxb-1", "ADMINS": "bob",
	}), &bytes.Buffer{})
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	for _, want := range []string{"HTTP_ADDR", "TELEGRAM_DISPATCH_CHAT", "SCHEDULER_TICK", "LOG_FORMAT", "SLACK_APP_TOKEN", "ADMINS"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s:\n%v", want, err)
		}
	}
}

// A Slack signing secret is 32 hex characters; a short one is a
// placeholder or a typo, and is refused with the other problems.
func TestConfigRefusesShortSlackSigningSecret(t *testing.T) {
	_, err := loadConfig(nil, env(map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "x", "LOG_LEVEL": "loud",
	}), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "SLACK_SIGNING_SECRET") || !strings.Contains(err.Error(), "LOG_LEVEL") {
		t.Fatalf("a one-character signing secret: %v", err)
	}
	if _, err := loadConfig(nil, env(map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef",
	}), &bytes.Buffer{}); err != nil {
		t.Fatalf("a signing secret of Slack's length: %v", err)
	}
}

func TestHelpListsEverySetting(t *testing.T) {
	var out bytes.Buffer
	_, err := loadConfig([]string{"-h"}, env(nil), &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, s := range settings {
		if !strings.Contains(out.String(), s.env) || !strings.Contains(out.String(), "-"+s.flag) {
			t.Errorf("-h does not list %s / -%s", s.env, s.flag)
		}
	}
}

// The README's configuration table lists every setting, with its flag and
// default, so that it stays true as settings change.
func TestReadmeListsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range settings {
		row := fmt.Sprintf("| `%s` | `-%s` |", s.env, s.flag)
		if !strings.Contains(string(readme), row) {
			t.Errorf("README's configuration table has no row starting %s", row)
		}
	}
	for _, line := range []string{"go run ./cmd/repairdesk", "go test ./..."} {
		if !strings.Contains(string(readme), line) {
			t.Errorf("README does not show %q", line)
		}
	}
}

// The platforms' limits read as count/period,burst or off; their defaults
// are the platforms' own figures, what the adapters used before they were
// settings.
func TestLimits(t *testing.T) {
	c, err := loadConfig(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tl := c.TelegramLimits
	if tl.Chat.Every != time.Second || tl.Chat.Burst != 3 || tl.Group.Every != 3*time.Second || tl.Group.Burst != 5 ||
		tl.Overall.Every != time.Second/30 || tl.Overall.Burst != 30 || c.SlackPace.Every != time.Second || c.SlackPace.Burst != 4 {
		t.Errorf("defaults: telegram %+v, slack %+v", tl, c.SlackPace)
	}
	c, err = loadConfig([]string{"-telegram-limit-overall", "off", "-telegram-limit-chat", "2/1s"}, env(map[string]string{"SLACK_LIMIT_CHANNEL": "OFF"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.TelegramLimits.Overall.Off || c.TelegramLimits.Chat.Every != time.Second/2 || c.TelegramLimits.Chat.Burst != 1 || !c.SlackPace.Off {
		t.Errorf("lifted: telegram %+v, slack %+v", c.TelegramLimits, c.SlackPace)
	}
	for _, bad := range []string{"30", "0/1s", "30/soon", "30/1s,0", "30/-1s"} {
		if _, err := loadConfig([]string{"-telegram-limit-group", bad}, env(nil), io.Discard); err == nil {
			t.Errorf("%q was taken", bad)
		}
	}
}
