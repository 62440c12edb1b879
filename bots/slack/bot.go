package slack

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
	"github.com/repairdesk/repairdesk/bots/internal/pace"
	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

const platform = "slack"

// api is the part of the Web API the adapter calls, as slack-go offers it.
type api interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channel string, opts ...slack.MsgOption) (string, string, error)
	UpdateMessageContext(ctx context.Context, channel, ts string, opts ...slack.MsgOption) (string, string, string, error)
	PostEphemeralContext(ctx context.Context, channel, user string, opts ...slack.MsgOption) (string, error)
	OpenConversationContext(ctx context.Context, p *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	GetUserInfoContext(ctx context.Context, user string, opts ...slack.GetUserInfoOption) (*slack.User, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
	GetFileContext(ctx context.Context, url string, w io.Writer) error
	UploadFileContext(ctx context.Context, p slack.UploadFileParameters) (*slack.FileSummary, error)
	GetConversationHistoryContext(ctx context.Context, p *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
}

// Bot is the Slack adapter: it receives events, interactions and slash
// commands (Socket Mode or HTTP), answers them through the desk's
// Engine, and sends the dispatcher's notices.
type Bot struct {
	cfg    Config
	client *slack.Client
	api    api
	engine Engine
	// files makes the files answers carry: the engine, when it can.
	files  talk.FileMaker
	photos desk.PhotoStore
	store  Store
	log    *slog.Logger

	limits *pace.Limiter
	inbox  *edge.Inbox[*event]
	// progress counts the messages of an answer that got through, so an
	// answer tried again repeats none of them.
	progress edge.Progress
	people   *people
	homes    *homes
	// photosSent are notices whose photos are in their channel already.
	photosSent photo.Sent
	rejected   atomic.Int64 // HTTP requests with a bad signature
	// self is the bot's own user and team, from auth.test: its own
	// messages come back as events and are not input.
	self atomic.Pointer[slack.AuthTestResponse]
}

var _ talk.Sender = (*Bot)(nil)

// New returns a Bot that answers through e, keeps photos people send in
// photos, and keeps the events it takes in store until they are answered.
// It does not contact Slack: Run does.
func New(cfg Config, e Engine, photos desk.PhotoStore, store Store, logger *slog.Logger) (*Bot, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if e == nil || photos == nil || store == nil {
		return nil, errors.New("slack: an engine, a photo store and an event store are required")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	opts := []slack.Option{
		slack.OptionAPIURL(cfg.APIBase),
		// Every call has a deadline of its own: a hung connection must
		// not hold a person's queue for ever.
		slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second}),
		slack.OptionLog(logWriter{logger}),
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	client := slack.New(cfg.BotToken, opts...)
	cfg.Pace = cfg.Pace.withDefaults()
	b := &Bot{cfg: cfg, client: client, api: client, engine: e, photos: photos, store: store, log: logger,
		limits: pace.New(pace.Rate{})} // Slack paces each channel alone
	b.files, _ = e.(talk.FileMaker)
	b.people = newPeople(b)
	b.homes = newHomes(b.refreshHome)
	b.inbox = edge.NewInbox(platform, "event", b.handle, logger, func(ev *event) []any { return []any{"kind", ev.what()} })
	b.inbox.Keep(store, readKept)
	return b, nil
}

// Run asks Slack who the bot is (auth.test), then receives events over
// Socket Mode, or over HTTP when a signing secret is set, until ctx ends.
// It returns once its goroutines have ended and the events it took are
// handled, or after a grace period. It fails at once if Slack refuses a
// token.
func (b *Bot) Run(ctx context.Context) error {
	return b.inbox.Run(ctx, b.hello, refused, func(ctx context.Context) error {
		if b.cfg.SigningSecret != "" {
			// Served in the inbox's context: an event queued by a
			// request is answered after Run's context ends.
			return edge.Listen(ctx, b.cfg.ListenAddr, b.Handler(), b.inbox.Work())
		}
		return b.runSocket(ctx)
	})
}

// hello asks Slack who the bot is: its own messages come back as events.
func (b *Bot) hello(ctx context.Context) error {
	me, err := b.api.AuthTestContext(ctx)
	if err == nil {
		b.self.Store(me)
		b.log.Info("slack: connected", "team", me.Team, "bot", me.User)
	}
	return err
}

// botUser is the bot's own user id, "" before auth.test.
func (b *Bot) botUser() string {
	if me := b.self.Load(); me != nil {
		return me.UserID
	}
	return ""
}

// team is the bot's workspace, for events that do not name theirs.
func (b *Bot) team() string {
	if me := b.self.Load(); me != nil {
		return me.TeamID
	}
	return ""
}

// Platform names the platform.
func (b *Bot) Platform() string { return platform }

// DispatchChat is the technicians' channel, "slack:<id>", or "".
func (b *Bot) DispatchChat() string { return chatOrNone(b.cfg.DispatchChannel) }

// SupervisorChat is the supervisors' channel, or "".
func (b *Bot) SupervisorChat() string { return chatOrNone(b.cfg.SupervisorChannel) }

func chatOrNone(channel string) string {
	if channel == "" {
		return ""
	}
	return chat(channel)
}

// Rejected is how many HTTP requests came with a bad or missing
// signature or a stale timestamp, for metrics.
func (b *Bot) Rejected() int64 { return b.rejected.Load() }

// logWriter routes slack-go's own logging (debug output, mostly) into the
// program's logger.
type logWriter struct{ log *slog.Logger }

func (w logWriter) Output(_ int, s string) error {
	w.log.Debug("slack-go: " + s)
	return nil
}
