package slack

import (
	"strings"
	"testing"
)

// A signing secret too short to be Slack's (32 hex characters) is a typo
// or a placeholder, and would let anyone who guesses it sign events.
func TestConfigRefusesShortSigningSecret(t *testing.T) {
	for _, tc := range []struct {
		name, secret string
		ok           bool
	}{
		{"one-character", "s", false},
		{"fifteen", strings.Repeat("a", 15), false},
		{"sixteen", strings.Repeat("a", 16), true},
		{"slacks-own", "8f742231b10e8888abcd99yyyzzz85a5", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{BotToken: "xoxb-1", SigningSecret: tc.secret}
			err := cfg.check()
			if tc.ok && err != nil {
				t.Errorf("check() = %v, want no error", err)
			}
			if !tc.ok && (err == nil || !strings.Contains(err.Error(), "signing secret")) {
				t.Errorf("check() = %v, want an error about the signing secret", err)
			}
		})
	}
}
