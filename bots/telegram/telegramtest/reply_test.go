package telegramtest_test

import (
	"context"
	"strings"
	"testing"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

// The bot's replies name the message they answer (reply_parameters);
// one that is gone is refused unless the reply may go without it. A
// person's reply comes with the message it answers (reply_to_message).
func TestReplies(t *testing.T) {
	srv := telegramtest.NewServer(token)
	defer srv.Close()
	b := client(t, srv)
	ctx := context.Background()
	const group = -100
	post, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: group, Text: "the ticket"})
	if err != nil {
		t.Fatal(err)
	}
	line, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: group, Text: "claimed",
		ReplyParameters: &models.ReplyParameters{MessageID: post.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if line.ReplyToMessage == nil || line.ReplyToMessage.ID != post.ID {
		t.Errorf("the reply as sent: %+v", line.ReplyToMessage)
	}
	_, err = b.SendMessage(ctx, &tg.SendMessageParams{ChatID: group, Text: "lost",
		ReplyParameters: &models.ReplyParameters{MessageID: 999}})
	if err == nil || !strings.Contains(err.Error(), "message to be replied not found") {
		t.Errorf("a reply to no message: %v", err)
	}
	alone, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: group, Text: "alone",
		ReplyParameters: &models.ReplyParameters{MessageID: 999, AllowSendingWithoutReply: true}})
	if err != nil || alone.ReplyToMessage != nil {
		t.Errorf("a reply allowed without its message: %+v, %v", alone, err)
	}
	if ms := srv.MessagesTo(group); len(ms) != 3 || ms[1].ReplyTo != post.ID || ms[2].ReplyTo != 0 {
		t.Errorf("the group: %+v", ms)
	}

	// A person answers the post; a second person answers the first.
	g := telegramtest.Group(group, "Dispatch")
	first := srv.Reply(alice, g, post.ID, "on my way")
	_, updates := poll(t, srv, 0, 0)
	if len(updates) != 1 || updates[0].ID != first {
		t.Fatalf("updates: %+v", updates)
	}
	m := updates[0].Message
	if m.ReplyToMessage == nil || m.ReplyToMessage.ID != post.ID || m.ReplyToMessage.Text != "the ticket" || !m.ReplyToMessage.From.IsBot {
		t.Errorf("reply_to_message: %+v", m.ReplyToMessage)
	}
	bob := telegramtest.User{ID: 6, FirstName: "Bob"}
	srv.Reply(bob, g, m.ID, "/report")
	_, updates = poll(t, srv, int(first)+1, 0)
	if len(updates) != 1 || updates[0].Message.ReplyToMessage == nil || updates[0].Message.ReplyToMessage.Text != "on my way" ||
		updates[0].Message.ReplyToMessage.From.ID != alice.ID || len(updates[0].Message.Entities) != 1 {
		t.Errorf("a command in reply to a person: %+v", updates)
	}
}
