package telegram

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// event is one update, read: the neutral input and what the adapter needs
// to answer it.
type event struct {
	update int64
	in     talk.Input
	from   int64  // the person's user id, which is also their private chat
	chat   chatID // where it happened
	// callback is the callback query to answer, for a button press.
	callback string
	answered bool
	// photo is the file to fetch before handling (KindPhoto).
	photo string
	// quotePhoto is the photo of the message a /report replies to, to
	// fetch into the report before handling.
	quotePhoto string
	// reply, when set, is answered by the adapter itself instead of the
	// handler: input the desk cannot take, like someone else's contact.
	reply string
}

// lang is the person's language for the adapter's own texts.
func (ev *event) lang() string { return ev.in.Lang }

// private is the person's private chat, where every answer goes.
func (ev *event) private() chatID { return chatID{id: ev.from} }

// laneKey orders updates: by chat, and in a group by person too, since
// each person is answered in their own private chat and one busy group
// must not hold up everyone in it.
func laneKey(u *models.Update) string {
	var chat, from int64
	switch {
	case u.Message != nil:
		chat = u.Message.Chat.ID
		if u.Message.From != nil {
			from = u.Message.From.ID
		}
	case u.CallbackQuery != nil:
		from = u.CallbackQuery.From.ID
		chat = from
		if m := u.CallbackQuery.Message; m.Message != nil {
			chat = m.Message.Chat.ID
		} else if m.InaccessibleMessage != nil {
			chat = m.InaccessibleMessage.Chat.ID
		}
	}
	if chat < 0 {
		return strconv.FormatInt(chat, 10) + "/" + strconv.FormatInt(from, 10)
	}
	return strconv.FormatInt(chat, 10)
}

// read turns an update into an event. It reports false for updates the
// desk has no use for: edits, channel posts, other bots, chatter in
// groups.
func read(u *models.Update, botName string) (*event, bool) {
	switch {
	case u.Message != nil:
		return readMessage(u.ID, u.Message, botName)
	case u.CallbackQuery != nil:
		return readCallback(u.ID, u.CallbackQuery)
	}
	return nil, false
}

func readMessage(id int64, m *models.Message, botName string) (*event, bool) {
	if m.From == nil || m.From.IsBot || m.From.ID == 0 {
		return nil, false
	}
	ev := newEvent(id, m.From, m.Chat)
	in := &ev.in
	switch {
	case isCommand(m):
		name, args, ok := parseCommand(m.Text, botName)
		if !ok {
			return nil, false
		}
		in.Kind, in.Command, in.Text = talk.KindCommand, name, args
		readQuote(ev, m)
	case in.Group:
		// In a group the desk answers commands, buttons and replies to
		// its own messages only: anything else is people talking to each
		// other (privacy mode off) and must not feed anyone's dialogue.
		if !readGroupReply(ev, m, botName) {
			return nil, false
		}
	case m.Contact != nil:
		if m.Contact.UserID != m.From.ID {
			// Only the person's own number, shared with the button, is
			// taken as theirs; a forwarded card is someone else's.
			ev.reply = "own_contact"
			return ev, true
		}
		in.Kind, in.Text = talk.KindContact, m.Contact.PhoneNumber
	case len(m.Photo) > 0:
		in.Kind, in.Text = talk.KindPhoto, m.Caption
		ev.photo = largestPhoto(m.Photo)
	case m.Document != nil && strings.HasPrefix(m.Document.MimeType, "image/"):
		// A picture sent "as a file", uncompressed.
		if m.Document.FileSize > desk.MaxPhotoBytes {
			ev.reply = "photo_too_big"
			return ev, true
		}
		in.Kind, in.Text = talk.KindPhoto, m.Caption
		ev.photo = m.Document.FileID
	case m.Text != "":
		in.Kind, in.Text = talk.KindText, m.Text
	default:
		// Stickers, voice, locations…: say what the desk understands.
		ev.reply = "unsupported"
	}
	return ev, true
}

func readCallback(id int64, q *models.CallbackQuery) (*event, bool) {
	var chat models.Chat
	var msgID int
	switch m := q.Message; {
	case m.Message != nil:
		chat, msgID = m.Message.Chat, m.Message.ID
	case m.InaccessibleMessage != nil:
		chat, msgID = m.InaccessibleMessage.Chat, m.InaccessibleMessage.MessageID
	default:
		// A button on an inline-mode message: the desk sends none.
		return nil, false
	}
	if q.From.IsBot || q.From.ID == 0 {
		return nil, false
	}
	ev := newEvent(id, &q.From, chat)
	ev.callback = q.ID
	ev.in.Kind, ev.in.Token = talk.KindButton, q.Data
	ev.in.MessageID = strconv.Itoa(msgID)
	return ev, true
}

func newEvent(id int64, from *models.User, chat models.Chat) *event {
	c := chatID{id: chat.ID}
	ev := &event{update: id, from: from.ID, chat: c}
	ev.in = talk.Input{
		Platform: platform,
		Account:  platformPrefix + strconv.FormatInt(from.ID, 10),
		Chat:     c.String(),
		Group:    chat.Type == models.ChatTypeGroup || chat.Type == models.ChatTypeSupergroup,
		Lang:     i18n.Norm(from.LanguageCode),
		Name:     strings.TrimSpace(from.FirstName + " " + from.LastName),
	}
	return ev
}

func isCommand(m *models.Message) bool {
	if !strings.HasPrefix(m.Text, "/") {
		return false
	}
	// Telegram marks commands with an entity at offset 0; a message
	// starting with "/" without one (a path, say) is text. Updates
	// without entities at all are taken as commands.
	if len(m.Entities) == 0 {
		return true
	}
	e := m.Entities[0]
	return e.Type == models.MessageEntityTypeBotCommand && e.Offset == 0
}

// parseCommand splits "/report@desk_bot args" into "report" and "args".
// A command addressed to another bot (in a group) is not for the desk.
func parseCommand(text, botName string) (name, args string, ok bool) {
	word, rest := strings.TrimPrefix(text, "/"), ""
	if i := strings.IndexFunc(word, unicode.IsSpace); i >= 0 {
		word, rest = word[:i], word[i:]
	}
	name, addressee, found := strings.Cut(word, "@")
	if found && botName != "" && !strings.EqualFold(addressee, botName) {
		return "", "", false
	}
	if name == "" {
		return "", "", false
	}
	return strings.ToLower(name), strings.TrimSpace(rest), true
}

// largestPhoto picks the largest size of a photo that the desk accepts.
// Telegram lists the sizes from small to large.
func largestPhoto(sizes []models.PhotoSize) string {
	best := ""
	bestArea := -1
	for _, s := range sizes {
		if s.FileSize > desk.MaxPhotoBytes {
			continue
		}
		if a := s.Width * s.Height; a > bestArea {
			best, bestArea = s.FileID, a
		}
	}
	if best == "" && len(sizes) > 0 {
		best = sizes[0].FileID
	}
	return best
}
