package telegram

import (
	"context"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// Engine is what the adapter asks of the desk's dialogues: an answer to
// every input, and the command menus Telegram shows beside the text box.
type Engine interface {
	talk.Handler
	// Menu returns the menu of the person behind account as the desk
	// knows them now; lang is Telegram's guess at their language. It
	// creates no one.
	Menu(ctx context.Context, account, lang string) (Menu, error)
	// CommandsFor lists the commands u may use, described in lang, most
	// useful first: the menus set for everyone at start.
	CommandsFor(lang string, u *desk.User) [][2]string
}

// Menu is one person's command menu.
type Menu struct {
	Lang string
	// Role is the person's most senior role, "" before registration.
	Role     desk.Role
	Commands [][2]string // name, description
}

// Store keeps the updates the adapter took from Telegram until they are
// handled and answered, and remembers those handled, across restarts and
// copies of the program. It also keeps the answers held for people the
// bot may not write to yet (held.go).
type Store interface {
	// KeepAll stores each data under its key for platform, in order;
	// kept[i] is false, storing nothing, if an update with keys[i] is
	// kept already. On an error, kept covers the updates kept before it.
	KeepAll(ctx context.Context, platform string, keys []string, data [][]byte) (kept []bool, err error)
	// Kept returns the keys and data of platform's updates kept and not
	// dropped, in the order they were kept.
	Kept(ctx context.Context, platform string) (keys []string, data [][]byte, err error)
	// Seen reports whether the update with key was handled before.
	Seen(ctx context.Context, key string) (bool, error)
	// Finish records the updates with the keys handled as handled, then
	// removes them and those with the keys dropped from the updates kept.
	Finish(ctx context.Context, handled, dropped []string) error

	// HoldAnswers keeps data as the answers held for account, in place
	// of any held before.
	HoldAnswers(ctx context.Context, account string, data []byte) error
	// HeldAnswers returns the answers held for account, nil if none.
	HeldAnswers(ctx context.Context, account string) ([]byte, error)
	// DropHeld forgets the answers held for account; none is no error.
	DropHeld(ctx context.Context, account string) error
	// HeldAccounts lists the accounts with answers held, and when
	// answers were last held for each.
	HeldAccounts(ctx context.Context) (accounts []string, at []time.Time, err error)
}
