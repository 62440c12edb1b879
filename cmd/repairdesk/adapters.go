package main

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/repairdesk/repairdesk/bots/slack"
	"github.com/repairdesk/repairdesk/bots/telegram"
	"github.com/repairdesk/repairdesk/bots/web"
	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/scheduler"
	"github.com/repairdesk/repairdesk/talk"
)

// adapter is a chat platform: where notices go, and what runs it.
type adapter struct {
	sender talk.Sender
	part   part
	// close, if set, runs when the HTTP server shuts down: open event
	// streams would otherwise hold the shutdown for its whole timeout.
	close func()
	// rejected, if set, counts the HTTP requests the adapter refused.
	rejected func() int64
}

// rejections are the adapters' counts of refused requests, for metrics.
func rejections(as []adapter) []rejection {
	var out []rejection
	for _, a := range as {
		if a.rejected != nil {
			out = append(out, rejection{platform: a.sender.Platform(), count: a.rejected})
		}
	}
	return out
}

// buildAdapters starts the platforms that are configured. The web chat
// needs no configuration: it is what a first run shows.
func buildAdapters(ctx context.Context, cfg config, svc *desk.Service, engine *conversation.Engine, store *repo.Store,
	logger *slog.Logger, mux *http.ServeMux) ([]adapter, error) {
	var out []adapter
	if cfg.webChat() {
		people := web.DemoPeople()
		if cfg.demoPeople() {
			if err := web.Seed(ctx, svc, people); err != nil {
				return nil, err
			}
		} else {
			// Their roles were taken at start: the page's switcher should
			// not show a demo admin that no longer is one.
			for i := range people {
				people[i].Roles = nil
			}
		}
		var opts []web.Option
		if cfg.platform() {
			// Beside real people the chat may act only as demo ones: a demo
			// account linked to a real person would hand the page their
			// tickets and roles.
			opts = append(opts, web.DemoOnly(svc))
		}
		chat := web.New(webEngine{engine}, svc, logger.With("platform", "web"), people, opts...)
		mux.Handle("/", chat.Handler())
		out = append(out, adapter{sender: chat, close: chat.Close, part: part{"web", func(ctx context.Context) error {
			<-ctx.Done()
			chat.Close()
			return nil
		}}})
	}
	if cfg.TelegramToken != "" {
		bot, err := telegram.New(telegram.Config{
			Token: cfg.TelegramToken, APIBase: cfg.TelegramAPI,
			DispatchChat: cfg.TelegramDispatch, SupervisorChat: cfg.TelegramSupervisors,
			WebhookURL: cfg.TelegramWebhookURL, WebhookSecret: cfg.TelegramSecret,
			Limits: cfg.TelegramLimits,
			// Only MongoDB may be shared with other copies: the embedded
			// store's folder lock lets one process open it.
			Shared: cfg.MongoURI != "",
		}, telegramEngine{engine}, svc, store, logger.With("platform", "telegram"))
		if err != nil {
			return nil, err
		}
		if path := bot.WebhookPath(); path != "" {
			// Telegram posts to the path of the public URL; a proxy in
			// front forwards it to this server.
			mux.Handle("POST "+path, bot.WebhookHandler())
		}
		out = append(out, adapter{sender: bot, part: part{"telegram", bot.Run}, rejected: bot.WebhookRejected})
	}
	if cfg.SlackBotToken != "" {
		bot, err := slack.New(slack.Config{
			BotToken: cfg.SlackBotToken, AppToken: cfg.SlackAppToken, SigningSecret: cfg.SlackSigning,
			DispatchChannel: cfg.SlackDispatch, SupervisorChannel: cfg.SlackSupervisors, APIBase: cfg.SlackAPI,
			Pace: cfg.SlackPace,
		}, engine, svc, store, logger.With("platform", "slack"))
		if err != nil {
			return nil, err
		}
		if cfg.SlackSigning != "" {
			// Events, interactivity and slash commands, each request
			// signed, on the desk's own HTTP server.
			mux.Handle("/slack/", bot.Handler())
		}
		out = append(out, adapter{sender: bot, part: part{"slack", bot.Run}, rejected: bot.Rejected})
	}
	return out, nil
}

// Each adapter declares the few things it asks of the dialogues, in its
// own words; these say them in the engine's. The Slack adapter's are the
// engine's own.
var _ slack.Engine = (*conversation.Engine)(nil)

// webEngine is the engine as the web chat takes it.
type webEngine struct{ *conversation.Engine }

func (e webEngine) Menu(ctx context.Context, account, lang string) (web.Menu, error) {
	m, err := e.Engine.Menu(ctx, account, lang)
	return web.Menu(m), err
}

// telegramEngine is the engine as the Telegram adapter takes it.
type telegramEngine struct{ *conversation.Engine }

func (e telegramEngine) Menu(ctx context.Context, account, lang string) (telegram.Menu, error) {
	m, err := e.Engine.Menu(ctx, account, lang)
	return telegram.Menu(m), err
}

func (telegramEngine) CommandsFor(lang string, u *desk.User) [][2]string {
	return conversation.CommandsFor(lang, u)
}

func schedulerPart(cfg config, svc *desk.Service, store *repo.Store, senders []talk.Sender, paint notice.Painter, logger *slog.Logger) part {
	charts := &notice.Charts{Svc: svc, Paint: paint, Senders: senders, Seen: store}
	// The desk's clock names the ticks, so that a test's clock file moves
	// the reminders along with everything else.
	s := scheduler.New(svc, store, logger.With("part", "scheduler"), scheduler.WithTick(cfg.Tick), scheduler.WithClock(svc.Now),
		scheduler.WithDigest(func(ctx context.Context, key string, d desk.Digest) error {
			return notice.Digest(ctx, senders, store, key, d)
		}),
		scheduler.WithChart(charts.Send))
	return part{"scheduler", s.Run}
}
