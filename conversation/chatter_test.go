package conversation_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/talk"
)

// chatter is one person talking to an engine in a test, as an adapter
// would hand their inputs over: each with a key of its own unless the
// test gives one, and the last answer kept for its buttons.
type chatter struct {
	t       *testing.T
	engine  *conversation.Engine
	account string
	last    talk.Response
	n       int
}

// send hands in over as the person and returns the answer.
func (c *chatter) send(in talk.Input) talk.Response {
	c.t.Helper()
	if in.Key == "" {
		c.n++
		in.Key = c.account + ":input:" + strconv.Itoa(c.n)
	}
	in.Platform, in.Account, in.Chat, in.Lang = "test", c.account, c.account, "en"
	resp, err := c.engine.Handle(c.t.Context(), in)
	if err != nil {
		c.t.Fatalf("%+v: %v", in, err)
	}
	c.last = resp
	return resp
}

func (c *chatter) text(s string) talk.Response {
	c.t.Helper()
	return c.send(talk.Input{Kind: talk.KindText, Text: s})
}

func (c *chatter) command(name string) talk.Response {
	c.t.Helper()
	return c.send(talk.Input{Kind: talk.KindCommand, Command: name})
}

// token is the token of the last answer's button whose label has label.
func (c *chatter) token(label string) string {
	c.t.Helper()
	for _, m := range c.last.Messages {
		for _, r := range m.Rows {
			for _, b := range r.Buttons {
				if strings.Contains(b.Label, label) {
					return b.Token
				}
			}
		}
	}
	c.t.Fatalf("no button %q in %+v", label, c.last.Messages)
	return ""
}

func (c *chatter) press(label string) talk.Response {
	c.t.Helper()
	return c.send(talk.Input{Kind: talk.KindButton, Token: c.token(label)})
}
