package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// The web chat's platform name and its two group chats.
const (
	platform       = "web"
	dispatchChat   = "web:dispatch"
	supervisorChat = "web:supervisors"
)

// historyLimit is how many messages each chat keeps for a page (re)load.
const historyLimit = 200

// Chat is the local web chat: an http.Handler for the page and the
// dispatcher's Sender for the "web" platform.
type Chat struct {
	engine Engine
	// files makes the files answers carry: the engine, when it can.
	files  talk.FileMaker
	photos desk.PhotoStore
	log    *slog.Logger
	people []Person
	byKey  map[string]Person
	// turns keep one person's inputs in order: a page may post the next
	// one before the answer to the last has arrived.
	turns   map[string]*sync.Mutex
	history *history
	mux     *http.ServeMux
	// directory, if set, limits the chat to demo people (DemoOnly).
	directory Directory
}

var _ talk.Sender = (*Chat)(nil)

// New returns a web chat that answers through e, keeps uploaded photos in
// photos, and lets the page act as any of people.
func New(e Engine, photos desk.PhotoStore, logger *slog.Logger, people []Person, opts ...Option) *Chat {
	c := &Chat{engine: e, photos: photos, log: logger, byKey: map[string]Person{},
		turns: map[string]*sync.Mutex{}, history: newHistory(historyLimit)}
	for _, o := range opts {
		o(c)
	}
	for _, p := range people {
		if _, dup := c.byKey[p.Key]; dup || !validKey(p.Key) {
			logger.Warn("web chat: person left out", "key", p.Key)
			continue
		}
		c.people = append(c.people, p)
		c.byKey[p.Key] = p
		c.turns[p.Account()] = &sync.Mutex{}
	}
	c.files, _ = e.(talk.FileMaker)
	c.mux = c.routes()
	return c
}

// Handler serves the page, its assets, the inputs, the event streams and
// the photos. Its paths are relative, so it can be mounted under a prefix
// with http.StripPrefix.
func (c *Chat) Handler() http.Handler { return LocalOnly(c.mux) }

// Close ends the pages' event streams, which would otherwise hold an
// http.Server's Shutdown until its deadline; register it with
// http.Server.RegisterOnShutdown. The chat refuses new streams afterwards.
func (c *Chat) Close() { c.history.close() }

// Platform names the platform.
func (c *Chat) Platform() string { return platform }

// DispatchChat is the technicians' chat.
func (c *Chat) DispatchChat() string { return dispatchChat }

// SupervisorChat is the supervisors' channel.
func (c *Chat) SupervisorChat() string { return supervisorChat }

// Send shows msg in a group chat or in a person's private chat and returns
// the new message's ID. A chat the page cannot show, or may not (a
// person who is not a demo person, under DemoOnly), is ErrUndeliverable.
func (c *Chat) Send(ctx context.Context, to talk.Target, msg talk.Message) (string, error) {
	chat := to.Chat
	if chat == "" {
		chat = to.Account
	}
	if !c.known(chat) {
		return "", fmt.Errorf("web chat %q: %w", chat, talk.ErrUndeliverable)
	}
	if p, ok := c.person(chat); ok {
		if err := c.demo(ctx, p); errors.Is(err, errNotDemo) {
			return "", fmt.Errorf("web chat %q: %w: %w", chat, err, talk.ErrUndeliverable)
		} else if err != nil {
			return "", fmt.Errorf("web chat %q: %w", chat, err)
		}
	}
	e := deskEntry(chat, msg)
	if to.Chat != "" {
		e.ReplyTo = to.ReplyTo
	}
	return c.history.add(e).ID, nil
}

// Edit replaces message id of chat in place, on every page showing it. A
// message no longer held (an earlier run's, or one pushed out of the
// bounded history) is ErrUndeliverable.
func (c *Chat) Edit(_ context.Context, chat, id string, msg talk.Message) error {
	if _, ok := c.history.replace(id, deskEntry(chat, msg)); !ok {
		return fmt.Errorf("web chat %q message %s: %w", chat, id, talk.ErrUndeliverable)
	}
	return nil
}

// known reports whether chat is one the page shows.
func (c *Chat) known(chat string) bool {
	if chat == dispatchChat || chat == supervisorChat {
		return true
	}
	_, ok := c.person(chat)
	return ok
}

// person returns the person whose private chat (account) this is.
func (c *Chat) person(account string) (Person, bool) {
	if len(account) <= len(platform)+1 || account[:len(platform)+1] != platform+":" {
		return Person{}, false
	}
	p, ok := c.byKey[account[len(platform)+1:]]
	return p, ok
}

// validKey accepts keys that are safe in an account, a URL and an HTML
// attribute without escaping.
func validKey(k string) bool {
	if k == "" || len(k) > 32 || k == "dispatch" || k == "supervisors" {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
