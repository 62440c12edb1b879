package web

import (
	"context"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// Engine is what the chat asks of the desk's dialogues: an answer to
// every input, and each person's command menu for the page's "/" list.
type Engine interface {
	talk.Handler
	// Menu returns the menu of the person behind account as the desk
	// knows them now; lang is the page's guess at their language. It
	// creates no one.
	Menu(ctx context.Context, account, lang string) (Menu, error)
}

// Menu is one person's command menu.
type Menu struct {
	Lang string
	// Role is the person's most senior role, "" before registration.
	Role     desk.Role
	Commands [][2]string // name, description
}
