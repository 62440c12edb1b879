package slack

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// event is one thing Slack delivered, read: who did what where, and how
// to answer. The same for Socket Mode and HTTP.
type event struct {
	// once is Slack's id for the event, the key it is kept under until
	// answered and that the desk records with its effect, so that a
	// redelivery is dropped and a crash does not make it act twice; ""
	// for none: such an event is not kept.
	once string
	lane string

	team    string
	user    string
	channel string // where it happened; "" on the App Home
	// ownDM says that channel is the person's DM with the bot (a
	// message.im event, a button on the bot's message in a DM), so that
	// answers need no conversations.open.
	ownDM   bool
	kind    talk.Kind
	text    string
	command string
	token   string
	ts      string       // the message a button was on
	files   []slack.File // shared in the DM, to fetch before handling
	// thread is the ts of the thread a message in a channel was written
	// in: staff answering a ticket's post.
	thread string
	// quote is a message a report is made from (a message shortcut, a
	// 🎫 reaction), and quoteFiles its pictures, to fetch first.
	quote      *talk.Quote
	quoteFiles []slack.File
	quoteAt    *messageRef // a 🎫: the message to read first

	home     bool   // app_home_opened: publish the Home tab
	refresh  bool   // the desk changed: publish the Home tab again, unasked
	fromHome bool   // a button on the Home tab: publish it again after
	trigger  string // trigger_id, for opening a modal
	// reply, when set, is answered by the adapter itself: input the
	// desk cannot take (a file that is not a picture).
	reply string
	// report is a report from the form, checked, to file.
	report *desk.Report
	// unanswered is why the answer did not get through, when Slack may
	// take it later (see handle).
	unanswered error
}

// group reports whether the event happened outside a direct message: in
// the dispatch or supervisors' channel, or anywhere a slash command was
// typed. The answer goes to the person's DM with the bot.
func (ev *event) group() bool { return ev.channel != "" && !isDM(ev.channel) }

// what names the event in logs, without its content.
func (ev *event) what() string {
	switch {
	case ev.home:
		return "home"
	case ev.kind == talk.KindCommand:
		return "command " + ev.command
	case ev.reply != "":
		return "unsupported"
	}
	return string(ev.kind)
}

// laneOf orders events by person. Every answer goes to the person's DM,
// whether they wrote there, pressed a button on the Home tab or in a
// channel, or typed a slash command anywhere: one lane per person keeps
// those answers in the order of the inputs, and one busy channel does
// not hold up everyone in it.
func laneOf(team, user string) string { return team + "/" + user }

// callback is the outer envelope of an Events API event.
type callback struct {
	Type      string          `json:"type"`
	Challenge string          `json:"challenge"`
	TeamID    string          `json:"team_id"`
	EventID   string          `json:"event_id"`
	Event     json.RawMessage `json:"event"`
}

// inner is the few fields of the events the desk listens to: message.im
// and app_home_opened.
type inner struct {
	Type        string       `json:"type"`
	SubType     string       `json:"subtype"`
	User        string       `json:"user"`
	BotID       string       `json:"bot_id"`
	Channel     string       `json:"channel"`
	ChannelType string       `json:"channel_type"`
	Text        string       `json:"text"`
	Files       []slack.File `json:"files"`
	Tab         string       `json:"tab"`
	TS          string       `json:"ts"`
	ThreadTS    string       `json:"thread_ts"`
	// ParentUserID, on a reply in a thread, is who wrote the thread's
	// first message.
	ParentUserID string `json:"parent_user_id"`
	// reaction_added: the emoji's name, on whose message, and where.
	Reaction string `json:"reaction"`
	ItemUser string `json:"item_user"`
	Item     struct {
		Type    string `json:"type"`
		Channel string `json:"channel"`
		TS      string `json:"ts"`
	} `json:"item"`
}

// readCallback reads an Events API callback. It returns nil for events
// the desk has no use for: other channels, other bots, edits, the
// Messages tab.
func (b *Bot) readCallback(body []byte) (*event, error) {
	var cb callback
	if err := json.Unmarshal(body, &cb); err != nil {
		return nil, fmt.Errorf("events API callback: %w", err)
	}
	if cb.Type != "event_callback" || len(cb.Event) == 0 {
		return nil, nil
	}
	var in inner
	if err := json.Unmarshal(cb.Event, &in); err != nil {
		return nil, fmt.Errorf("event %s: %w", cb.EventID, err)
	}
	if in.User == "" || in.User == b.botUser() || in.BotID != "" {
		return nil, nil
	}
	ev := &event{team: cb.TeamID, user: in.User, channel: in.Channel, lane: laneOf(cb.TeamID, in.User)}
	if cb.EventID != "" {
		ev.once = "slack:event:" + cb.EventID
	}
	switch in.Type {
	case "app_home_opened":
		if in.Tab != "home" {
			return nil, nil
		}
		// The channel of this event is the person's DM with the bot.
		ev.home, ev.ownDM = true, isDM(in.Channel)
		ev.channel = ""
		if ev.ownDM {
			ev.channel = in.Channel
		}
		return ev, nil
	case "reaction_added":
		if post := b.readPostReaction(&in, ev); post != nil {
			return post, nil
		}
		return b.readReaction(cb.TeamID, &in, ev), nil
	case "message":
	default:
		return nil, nil
	}
	// In a channel, the desk listens to replies in the threads of its
	// group chats only: a reply to a ticket's post is a word to its
	// requester. Anything else there is people talking to each other.
	if in.ChannelType != "im" || !isDM(in.Channel) {
		if !b.threadReply(&in) {
			return nil, nil
		}
		ev.thread = in.ThreadTS
	} else {
		ev.ownDM = true
	}
	switch in.SubType {
	case "", "file_share", "thread_broadcast":
	default:
		// Edits, deletions, joins, bot messages: not something said.
		return nil, nil
	}
	ev.text = plain(in.Text)
	ev.kind = talk.KindText
	if len(in.Files) > 0 {
		for _, f := range in.Files {
			if f.IsExternal || !strings.HasPrefix(f.Mimetype, "image/") {
				// A document, a link to a file elsewhere: the desk
				// keeps pictures only.
				ev.reply = "unsupported"
				return ev, nil
			}
		}
		ev.kind, ev.files = talk.KindPhoto, in.Files
		return ev, nil
	}
	if strings.TrimSpace(ev.text) == "" {
		return nil, nil
	}
	return ev, nil
}

// readInteraction reads a button press on a message or on the Home tab.
// It returns nil for interactions that are not presses (a modal's
// submission is read by the modal's own code).
func (b *Bot) readInteraction(ic *slack.InteractionCallback) *event {
	if ic.Type == slack.InteractionTypeMessageAction {
		return b.readShortcut(ic)
	}
	if ic.Type != slack.InteractionTypeBlockActions || len(ic.ActionCallback.BlockActions) == 0 {
		return nil
	}
	user := ic.User.ID
	if user == "" || ic.User.IsBot {
		return nil
	}
	team := ic.User.TeamID
	if team == "" {
		team = ic.Team.ID
	}
	channel := ic.Channel.ID
	if channel == "" {
		channel = ic.Container.ChannelID
	}
	act := ic.ActionCallback.BlockActions[0]
	ev := &event{team: team, user: user, channel: channel, kind: talk.KindButton,
		token: act.Value, trigger: ic.TriggerID, lane: laneOf(team, user)}
	if ic.TriggerID != "" {
		// Slack does not redeliver interactions as it does events, but a
		// payload sent twice must still not claim twice.
		ev.once = "slack:trigger:" + ic.TriggerID
	}
	switch {
	case ic.Container.Type == "view" || ic.View.Type == slack.VTHomeTab:
		ev.channel, ev.fromHome = "", true
	case ic.Container.MessageTs != "":
		ev.ts = ic.Container.MessageTs
	default:
		ev.ts = ic.Message.Timestamp
	}
	// A button the bot put in a DM: the bot is in no other DM.
	ev.ownDM = isDM(ev.channel)
	return ev
}

// readCommand reads a slash command: "/repair mine accepted" is the
// desk's command "mine" with the text "accepted"; "/repair" alone asks
// for help.
func (b *Bot) readCommand(c *slack.SlashCommand) *event {
	if c.UserID == "" {
		return nil
	}
	name, rest, _ := strings.Cut(strings.TrimSpace(c.Text), " ")
	name = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), "/"))
	if name == "" {
		name = "help"
	}
	ev := &event{team: c.TeamID, user: c.UserID, channel: c.ChannelID, kind: talk.KindCommand,
		command: name, text: strings.TrimSpace(plain(rest)), trigger: c.TriggerID, lane: laneOf(c.TeamID, c.UserID)}
	if c.TriggerID != "" {
		ev.once = "slack:trigger:" + c.TriggerID
	}
	return ev
}

// plain turns Slack's message markup back into what the person typed:
// links and mentions <url|label> become their label, and &amp; &lt;
// &gt; their characters. A phone number Slack made a tel: link is a
// number again.
func plain(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '<')
		if open < 0 {
			break
		}
		end := strings.IndexByte(s[open:], '>')
		if end < 0 {
			break
		}
		b.WriteString(s[:open])
		link := s[open+1 : open+end]
		if _, label, ok := strings.Cut(link, "|"); ok {
			link = label
		} else {
			for _, scheme := range []string{"mailto:", "tel:"} {
				link = strings.TrimPrefix(link, scheme)
			}
		}
		b.WriteString(link)
		s = s[open+end+1:]
	}
	b.WriteString(s)
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(b.String())
}
