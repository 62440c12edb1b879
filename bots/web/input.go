package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// turnTimeout bounds one input's handling. The turn does not end when the
// page hangs up: a claim half done because a tab was closed would be worse
// than a claim done.
const turnTimeout = 30 * time.Second

// sendRequest is one input from the page, other than a photo.
type sendRequest struct {
	Person string `json:"person"`
	Chat   string `json:"chat"`
	// Kind is "text" (a leading "/" makes it a command), "button",
	// "contact" (the person's demo phone is shared) or "report" (a report
	// made from message MessageID of a group).
	Kind      string `json:"kind"`
	Text      string `json:"text,omitempty"`
	Token     string `json:"token,omitempty"`
	MessageID string `json:"messageId,omitempty"`
	// ReplyTo, on text in a group, is the message whose thread it is
	// written in.
	ReplyTo string `json:"replyTo,omitempty"`
}

// sendReply is the answer to a post. The messages themselves arrive over
// the event stream, on every page showing the chat; IDs lists those the
// post added or changed, so a script can wait for them.
type sendReply struct {
	Toast string   `json:"toast,omitempty"`
	IDs   []string `json:"ids,omitempty"`
}

func (c *Chat) serveSend(w http.ResponseWriter, r *http.Request) {
	var req sendRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	p, in, ok := c.input(w, r, req.Person, req.Chat)
	if !ok {
		return
	}
	var echo *entry
	switch req.Kind {
	case "text":
		text := strings.TrimSpace(req.Text)
		if text == "" {
			http.Error(w, "empty message", http.StatusBadRequest)
			return
		}
		if name, ok := strings.CutPrefix(text, "/"); ok && name != "" {
			name, args, _ := strings.Cut(name, " ")
			in.Kind, in.Command, in.Text = talk.KindCommand, name, strings.TrimSpace(args)
		} else {
			in.Kind, in.Text = talk.KindText, req.Text
		}
		echo = &entry{Chat: in.Chat, Text: text}
		if in.Group {
			in.ReplyTo, echo.ReplyTo = req.ReplyTo, req.ReplyTo
			if in.Command == "report" && req.ReplyTo != "" && c.reportFrom(&in, req.ReplyTo) {
				in.ReplyTo = ""
			}
		}
	case "button":
		if req.Token == "" {
			http.Error(w, "button without a token", http.StatusBadRequest)
			return
		}
		// A press is not shown, as on the chat platforms; the answer is.
		in.Kind, in.Token, in.MessageID = talk.KindButton, req.Token, req.MessageID
	case "report":
		// A message's 🎫 Report action in a group pane: not shown, as a
		// press is not.
		if !in.Group || !c.reportFrom(&in, req.MessageID) {
			http.Error(w, "no such message in this group", http.StatusNotFound)
			return
		}
	case "contact":
		in.Kind, in.Text = talk.KindContact, p.Phone
		echo = &entry{Chat: in.Chat, Text: "📱 " + p.Phone}
	default:
		http.Error(w, "unknown kind", http.StatusBadRequest)
		return
	}
	writeJSON(w, http.StatusOK, c.turn(r.Context(), p, in, echo))
}

// input resolves who acts where, or answers the error itself.
func (c *Chat) input(w http.ResponseWriter, r *http.Request, key, chat string) (Person, talk.Input, bool) {
	p, ok := c.byKey[key]
	if !ok {
		http.Error(w, "unknown person", http.StatusNotFound)
		return Person{}, talk.Input{}, false
	}
	if c.refuseNonDemo(w, r, p) {
		return Person{}, talk.Input{}, false
	}
	if chat == "" {
		chat = p.Account()
	}
	group := chat == dispatchChat || chat == supervisorChat
	if !group && chat != p.Account() {
		// A person may write in the groups and in their own chat only.
		http.Error(w, "not your chat", http.StatusForbidden)
		return Person{}, talk.Input{}, false
	}
	return p, talk.Input{Platform: platform, Account: p.Account(), Chat: chat, Group: group,
		Lang: p.Lang, Name: p.Name, StartLink: startLink(r)}, true
}

// startLink is the page's address as this browser reached it, ready for
// a start payload: a room's code opens the chat with "/?start=at-…",
// which the page sends as "/start at-…" (app.js).
func startLink(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/?start="
}

// turn shows what the person did, has it answered, and shows the answer
// in the person's private chat.
func (c *Chat) turn(ctx context.Context, p Person, in talk.Input, echo *entry) sendReply {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), turnTimeout)
	defer cancel()
	mu := c.turns[p.Account()]
	mu.Lock()
	defer mu.Unlock()
	var ids []string
	if echo != nil {
		echo.From, echo.Name = p.Key, p.Name
		ids = append(ids, c.history.add(*echo).ID)
	}
	resp := c.handle(ctx, in)
	ids = append(ids, c.render(p, in, resp)...)
	return sendReply{Toast: resp.Toast, IDs: ids}
}

// handle asks the handler, and never panics: a failure is logged and the
// person is told something went wrong.
func (c *Chat) handle(ctx context.Context, in talk.Input) (resp talk.Response) {
	defer func() {
		if edge.Caught(recover(), c.log, "web chat: panic while answering", "account", in.Account, "kind", in.Kind) {
			resp = failed(in.Lang)
		}
	}()
	resp, err := c.engine.Handle(ctx, in)
	if err != nil {
		c.log.Error("web chat: input not answered", "account", in.Account, "kind", in.Kind, "err", err)
		if len(resp.Messages) == 0 {
			resp = failed(in.Lang)
		}
	}
	return resp
}

func failed(lang string) talk.Response {
	msg := say(lang, "failed")
	return talk.Response{Toast: msg, Messages: []talk.Message{{Text: msg}}}
}

// render shows an answer in the person's private chat. A message marked
// Edit replaces the one whose button was pressed when that was in the
// same chat; otherwise, as in a group, it is sent anew. It returns the
// IDs of the messages shown.
func (c *Chat) render(p Person, in talk.Input, resp talk.Response) []string {
	private := p.Account()
	edited := false
	var ids []string
	for _, m := range resp.Messages {
		e := deskEntry(private, m)
		if m.Edit && !edited && in.MessageID != "" && in.Chat == private {
			if _, ok := c.history.replace(in.MessageID, e); ok {
				edited = true
				ids = append(ids, in.MessageID)
				continue
			}
		}
		ids = append(ids, c.history.add(e).ID)
	}
	return ids
}

// say returns one of the chat's own texts (i18n's "web." keys) in lang;
// the dialogues' own texts come from the engine.
func say(lang, key string) string { return i18n.Say(lang, "web."+key) }
