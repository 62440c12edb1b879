package slack

import (
	"encoding/json"
	"errors"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// kept is an event as the store keeps it until it is answered: the event
// read, not Slack's payload, since a form's report was checked when it
// was submitted and a payload's meaning depends on the bot's identity.
type kept struct {
	Key      string       `json:"key"`
	Team     string       `json:"team"`
	User     string       `json:"user"`
	Channel  string       `json:"channel,omitempty"`
	OwnDM    bool         `json:"ownDM,omitempty"`
	Kind     talk.Kind    `json:"kind,omitempty"`
	Text     string       `json:"text,omitempty"`
	Command  string       `json:"command,omitempty"`
	Token    string       `json:"token,omitempty"`
	TS       string       `json:"ts,omitempty"`
	Files    []slack.File `json:"files,omitempty"`
	Home     bool         `json:"home,omitempty"`
	FromHome bool         `json:"fromHome,omitempty"`
	Trigger  string       `json:"trigger,omitempty"`
	Reply    string       `json:"reply,omitempty"`
	Report   *desk.Report `json:"report,omitempty"`
	// A reply in a thread, and a report made from a message.
	Thread     string       `json:"thread,omitempty"`
	Quote      *talk.Quote  `json:"quote,omitempty"`
	QuoteFiles []slack.File `json:"quoteFiles,omitempty"`
	QuoteAt    []string     `json:"quoteAt,omitempty"` // channel, ts
}

// keep is ev as the store keeps it.
func keep(ev *event) ([]byte, error) {
	return json.Marshal(kept{Key: ev.once, Team: ev.team, User: ev.user, Channel: ev.channel, OwnDM: ev.ownDM,
		Kind: ev.kind, Text: ev.text, Command: ev.command, Token: ev.token, TS: ev.ts, Files: ev.files,
		Home: ev.home, FromHome: ev.fromHome, Trigger: ev.trigger, Reply: ev.reply, Report: ev.report,
		Thread: ev.thread, Quote: ev.quote, QuoteFiles: ev.quoteFiles, QuoteAt: ev.quoteAt.pair()})
}

// readKept reads back an event the store kept.
func readKept(data []byte) (edge.Kept[*event], error) {
	var k kept
	if err := json.Unmarshal(data, &k); err != nil {
		return edge.Kept[*event]{}, err
	}
	if k.Key == "" || k.User == "" {
		return edge.Kept[*event]{}, errors.New("slack: kept event without a key or a user")
	}
	ev := &event{once: k.Key, lane: laneOf(k.Team, k.User), team: k.Team, user: k.User, channel: k.Channel,
		ownDM: k.OwnDM, kind: k.Kind, text: k.Text, command: k.Command, token: k.Token, ts: k.TS, files: k.Files,
		home: k.Home, fromHome: k.FromHome, trigger: k.Trigger, reply: k.Reply, report: k.Report,
		thread: k.Thread, quote: k.Quote, quoteFiles: k.QuoteFiles}
	if len(k.QuoteAt) == 2 {
		ev.quoteAt = &messageRef{channel: k.QuoteAt[0], ts: k.QuoteAt[1]}
	}
	return edge.Kept[*event]{Lane: ev.lane, Key: ev.once, Item: ev}, nil
}
