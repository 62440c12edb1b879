package telegram_test

import (
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/talk"
)

// What people do in Telegram reaches the desk as neutral input.
func TestUpdatesBecomeInput(t *testing.T) {
	h := &recorder{}
	r := newRig(t, h)
	srv := r.srv

	srv.SendCommand(alice, telegramtest.Private(alice), "start", "zone-A1")
	srv.SendText(bob, telegramtest.Private(bob), "水管漏水")
	srv.SendText(alice, telegramtest.Private(alice), "/report@repairdesk_test_bot the light is off")
	srv.SendText(carol, techs, "/jobs@other_bot")                   // another bot's command: not for the desk
	srv.SendText(carol, techs, "lunch anyone?")                     // chatter in a group: not for the desk
	srv.SendCommand(carol, telegramtest.Private(carol), "help", "") // carol opens a private chat
	srv.SendCommand(carol, techs, "jobs", "")                       // a command in a group
	srv.SendContact(alice, telegramtest.Private(alice), "+8613800000001", alice.ID)
	r.said(alice.ID, 3)
	r.said(carol.ID, 2)

	// Every input carries the bot's t.me link, which room codes use.
	link := "https://t.me/repairdesk_test_bot?start="
	want := []talk.Input{
		{Platform: "telegram", Account: "telegram:101", Chat: "telegram:101", Lang: "en", Name: "Alice Smith",
			Kind: talk.KindCommand, Command: "start", Text: "zone-A1", StartLink: link},
		{Platform: "telegram", Account: "telegram:102", Chat: "telegram:102", Lang: "zh", Name: "小 明",
			Kind: talk.KindText, Text: "水管漏水", StartLink: link},
		{Platform: "telegram", Account: "telegram:101", Chat: "telegram:101", Lang: "en", Name: "Alice Smith",
			Kind: talk.KindCommand, Command: "report", Text: "the light is off", StartLink: link},
		{Platform: "telegram", Account: "telegram:103", Chat: "telegram:103", Lang: "en", Name: "Carol",
			Kind: talk.KindCommand, Command: "help", StartLink: link},
		{Platform: "telegram", Account: "telegram:103", Chat: "telegram:-1001000000001", Group: true, Lang: "en", Name: "Carol",
			Kind: talk.KindCommand, Command: "jobs", StartLink: link},
		{Platform: "telegram", Account: "telegram:101", Chat: "telegram:101", Lang: "en", Name: "Alice Smith",
			Kind: talk.KindContact, Text: "+8613800000001", StartLink: link},
	}
	got := h.got()
	for _, w := range want {
		if !containsInput(got, w) {
			t.Errorf("missing input %+v\ngot %+v", w, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d inputs, want %d: %+v", len(got), len(want), got)
	}
	// The command menu, in English by default and in Chinese for Chinese
	// Telegram, lists the desk's commands.
	en, zh := srv.Commands(""), srv.Commands("zh")
	if len(en) == 0 || len(en) != len(zh) || en[0].Command != "report" || en[0].Description != "Report a fault" || zh[0].Description != "报修" {
		t.Errorf("command menus: %+v / %+v", en, zh)
	}
	// The group's command was answered in carol's private chat, not in
	// the group.
	if ms := srv.MessagesTo(techs.ID); len(ms) != 0 {
		t.Errorf("the bot wrote in the group: %s", texts(ms))
	}
}

// containsInput reports whether list holds in, with the key of an update
// (talk.Input.Key), whatever its number.
func containsInput(list []talk.Input, in talk.Input) bool {
	for _, x := range list {
		if !strings.HasPrefix(x.Key, "telegram:update:") {
			continue
		}
		x.Key = ""
		if x == in {
			return true
		}
	}
	return false
}
