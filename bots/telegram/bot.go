package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
	"github.com/repairdesk/repairdesk/bots/internal/lanes"
	"github.com/repairdesk/repairdesk/bots/internal/pace"
	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

const platform = "telegram"

// pollTimeout is how long a getUpdates call may wait for an update: long
// enough to spare the API, short enough that a dead connection is noticed.
const pollTimeout = 50 * time.Second

// allowedUpdates are the updates the desk uses; Telegram keeps the rest.
var allowedUpdates = []string{"message", "callback_query"}

// api is the part of the Bot API the adapter calls, as go-telegram/bot
// offers it.
type api interface {
	GetMe(ctx context.Context) (*models.User, error)
	SendMessage(ctx context.Context, p *tg.SendMessageParams) (*models.Message, error)
	SendPhoto(ctx context.Context, p *tg.SendPhotoParams) (*models.Message, error)
	SendMediaGroup(ctx context.Context, p *tg.SendMediaGroupParams) ([]*models.Message, error)
	SendDocument(ctx context.Context, p *tg.SendDocumentParams) (*models.Message, error)
	EditMessageText(ctx context.Context, p *tg.EditMessageTextParams) (*models.Message, error)
	EditMessageCaption(ctx context.Context, p *tg.EditMessageCaptionParams) (*models.Message, error)
	AnswerCallbackQuery(ctx context.Context, p *tg.AnswerCallbackQueryParams) (bool, error)
	GetFile(ctx context.Context, p *tg.GetFileParams) (*models.File, error)
	FileDownloadLink(f *models.File) string
	SetMyCommands(ctx context.Context, p *tg.SetMyCommandsParams) (bool, error)
	SetWebhook(ctx context.Context, p *tg.SetWebhookParams) (bool, error)
	DeleteWebhook(ctx context.Context, p *tg.DeleteWebhookParams) (bool, error)
}

// Bot is the Telegram adapter: it receives updates (long polling or
// webhook), answers them through a talk.Handler, and sends the
// dispatcher's notices.
type Bot struct {
	cfg    Config
	api    api
	http   *http.Client
	engine Engine
	// files makes the files answers carry: the engine, when it can.
	files       talk.FileMaker
	photos      desk.PhotoStore
	store       Store
	log         *slog.Logger
	dispatch    chatID
	supervisors chatID

	limits *pace.Limiter
	inbox  *edge.Inbox[*models.Update]
	// progress counts the messages of an answer that got through, so an
	// answer tried again repeats none of them.
	progress edge.Progress
	held     held
	busy     busy
	fileIDs  fileIDs
	menus    chatMenus
	// photosSent are notices whose photos are in their chat already.
	photosSent photo.Sent
	me         atomic.Pointer[models.User]
	rejected   atomic.Int64 // webhook requests without the secret

	mu sync.Mutex
	// migrated maps groups that became supergroups to their new ids.
	migrated map[int64]int64
	// contactKeyboard holds chats showing the share-my-phone keyboard, to
	// be removed with the next message that has no buttons of its own.
	contactKeyboard map[string]bool
}

var _ talk.Sender = (*Bot)(nil)

// New returns a Bot that answers through e, keeps photos people send in
// photos, and keeps the updates it takes in store until they are
// answered. It does not contact Telegram: Run does.
func New(cfg Config, e Engine, photos desk.PhotoStore, store Store, logger *slog.Logger) (*Bot, error) {
	dispatch, supervisors, err := cfg.check()
	if err != nil {
		return nil, err
	}
	if e == nil || photos == nil || store == nil {
		return nil, errors.New("telegram: an engine, a photo store and an update store are required")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg.Limits = cfg.Limits.withDefaults()
	b := &Bot{cfg: cfg, engine: e, photos: photos, store: store, log: logger, dispatch: dispatch, supervisors: supervisors,
		// The client's timeout bounds every call, the long poll included.
		http:     &http.Client{Timeout: pollTimeout + 15*time.Second},
		limits:   pace.New(cfg.Limits.Overall.pace()),
		migrated: map[int64]int64{}, contactKeyboard: map[string]bool{}}
	b.files, _ = e.(talk.FileMaker)
	b.inbox = edge.NewInbox(platform, "update", b.handle, logger, func(u *models.Update) []any { return []any{"update", u.ID} })
	b.inbox.Keep(store, readKept)
	// The library sends; it does not receive: its poller confirms an
	// update to Telegram as soon as it hands it over, before the adapter
	// could keep it (poll.go).
	b.api, err = tg.New(cfg.Token,
		tg.WithServerURL(cfg.APIBase),
		tg.WithHTTPClient(pollTimeout, b.http),
		tg.WithSkipGetMe(),
		tg.WithErrorsHandler(func(err error) { logger.Warn("telegram: bot API", "err", err) }),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	return b, nil
}

// Run introduces the bot to Telegram (getMe, the command menus), then
// receives updates by long polling, or by webhook when WebhookURL is set,
// until ctx ends. It returns once the updates it received are handled, or
// after a grace period. It fails at once if Telegram refuses the token.
func (b *Bot) Run(ctx context.Context) error {
	return b.inbox.Run(ctx, b.hello, refused, func(ctx context.Context) error {
		b.setCommands(ctx)
		go b.loadHeld(ctx)
		if b.cfg.WebhookURL != "" {
			return b.runWebhook(ctx)
		}
		return b.runPolling(ctx)
	})
}

// hello asks Telegram who the bot is, for its username (t.me links and
// "/cmd@bot" in groups).
func (b *Bot) hello(ctx context.Context) error {
	me, err := b.api.GetMe(ctx)
	if err == nil {
		b.me.Store(me)
		b.log.Info("telegram: connected", "bot", me.Username)
	}
	return err
}

// refused reports whether Telegram refused the token itself.
func refused(err error) bool {
	return errors.Is(err, tg.ErrorUnauthorized) || errors.Is(err, tg.ErrorNotFound)
}

// receive takes an update, from long polling or the webhook, into the
// inbox, behind the earlier ones of its chat. One the desk answers is
// kept in the store first: an error means it is not, and Telegram must
// deliver it again. Others (an edit, chatter in a group) are only queued.
func (b *Bot) receive(ctx context.Context, u *models.Update, raw []byte) error {
	lane := laneKey(u)
	if _, ok := read(u, b.username()); !ok {
		if b.inbox.Push(lane, u) != lanes.Queued {
			b.log.Debug("telegram: update not queued", "update", u.ID)
		}
		return nil
	}
	_, err := b.inbox.Take(ctx, lane, updateKey(u.ID), u, raw)
	return err
}

// taking is how the inbox takes u (TakeAll): kept, if the desk answers
// it, else only queued, as receive does.
func (b *Bot) taking(u *models.Update, raw []byte) edge.Taking[*models.Update] {
	t := edge.Taking[*models.Update]{Lane: laneKey(u), Item: u}
	if _, ok := read(u, b.username()); ok {
		t.Key, t.Data = updateKey(u.ID), raw
	}
	return t
}

// updateKey names an update in the store: its id is Telegram's, unique
// for the bot.
func updateKey(id int64) string { return "telegram:update:" + strconv.FormatInt(id, 10) }

// readKept reads back an update the store kept.
func readKept(data []byte) (edge.Kept[*models.Update], error) {
	var u models.Update
	if err := json.Unmarshal(data, &u); err != nil {
		return edge.Kept[*models.Update]{}, err
	}
	return edge.Kept[*models.Update]{Lane: laneKey(&u), Key: updateKey(u.ID), Item: &u}, nil
}

// username is the bot's @username without the @, "" before getMe.
func (b *Bot) username() string {
	if me := b.me.Load(); me != nil {
		return me.Username
	}
	return ""
}

// Platform names the platform.
func (b *Bot) Platform() string { return platform }

// DispatchChat is the technicians' group, "telegram:<id>", or "".
func (b *Bot) DispatchChat() string { return chatString(b.dispatch) }

// SupervisorChat is the supervisors' group or channel, or "".
func (b *Bot) SupervisorChat() string { return chatString(b.supervisors) }

func chatString(c chatID) string {
	if c.zero() {
		return ""
	}
	return c.String()
}
