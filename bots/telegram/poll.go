package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
	"github.com/repairdesk/repairdesk/bots/internal/pace"
)

// Long polling is the adapter's own. getUpdates confirms to Telegram
// every update below the offset it is called with, and Telegram then
// forgets them; go-telegram/bot moves its offset past a batch as soon as
// it has handed the updates over, so an update could be confirmed before
// it was kept and be lost in a crash. Here the offset moves past an
// update only once the store keeps it.

// maxPollWait is the longest pause between failed polls.
const maxPollWait = time.Minute

// pollGather is the pause after a poll that brought updates, before the
// next: while people are talking, updates arrive one at a time, and a poll
// made at once would bring one, each paying its own request and its own
// insert into the inbox, a commit the store syncs to disk. After the
// pause the next poll brings what came meanwhile, kept with one insert.
// A person's next message waits for it only if it comes within the
// pause; a poll that brought nothing waits for the next update as
// before, with no pause.
//
// While answers queue for Telegram's overall pace, an update taken sooner
// is not answered sooner: its answer joins the queue. The pause then
// grows with the queue (pace.Limiter.Backlog), up to pollGatherBusy, so
// that at thirty updates a second a poll brings seven or so rather than
// three; a quarter of a second is below what a person notices.
const (
	pollGather     = 100 * time.Millisecond
	pollGatherBusy = 250 * time.Millisecond
)

// gather is the pause after a poll that brought updates.
func (b *Bot) gather() time.Duration {
	return min(max(pollGather, b.limits.Backlog()), pollGatherBusy)
}

// pollLimit is how many updates getUpdates hands over at most, Telegram's
// default: a full batch means more are waiting, and the next poll goes at
// once.
const pollLimit = 100

// runPolling long-polls getUpdates until ctx ends. A webhook left from
// an earlier configuration would make every poll fail, so it goes first.
func (b *Bot) runPolling(ctx context.Context) error {
	if _, err := b.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{}); err != nil && ctx.Err() == nil {
		b.log.Warn("telegram: delete webhook", "err", err)
	}
	var offset int64
	wait := time.Second
	for ctx.Err() == nil {
		batch, err := b.getUpdates(ctx, offset)
		if err == nil {
			offset, err = b.takeBatch(ctx, offset, batch)
		}
		if err == nil {
			wait = time.Second
			if len(batch) > 0 && len(batch) < pollLimit && !pace.Sleep(ctx, b.gather()) {
				break
			}
			continue
		}
		if ctx.Err() != nil {
			break
		}
		pause := wait
		if pe := (*pollError)(nil); errors.As(err, &pe) && pe.retryAfter > 0 {
			pause = pe.retryAfter
		}
		b.log.Warn("telegram: receiving updates failed, trying again", "in", pause, "err", err)
		if !pace.Sleep(ctx, pause) {
			break
		}
		wait = min(2*wait, maxPollWait)
	}
	return nil
}

// takeBatch takes the updates of a batch in order and returns the offset
// that confirms those kept: an update the store could not keep stops the
// batch, and comes again with the next poll. The updates the desk answers
// are kept together, in one round trip to the store.
func (b *Bot) takeBatch(ctx context.Context, offset int64, batch []json.RawMessage) (int64, error) {
	in := make([]edge.Taking[*models.Update], 0, len(batch))
	// ids are the batch's update ids in order, and at[i] the place in
	// ids of in[i]: an unreadable update is stepped over, not taken.
	ids := make([]int64, 0, len(batch))
	at := make([]int, 0, len(batch))
	var stop error
	for _, raw := range batch {
		u := new(models.Update)
		if err := json.Unmarshal(raw, u); err != nil {
			// Telegram would send it again and again: step over it,
			// if its id can be read; else the batch cannot go on.
			var id struct {
				ID int64 `json:"update_id"`
			}
			if json.Unmarshal(raw, &id) != nil || id.ID == 0 {
				stop = fmt.Errorf("unreadable update: %w", err)
				break
			}
			b.log.Error("telegram: update unreadable, skipped", "update", id.ID, "err", err)
			ids = append(ids, id.ID)
			continue
		}
		in, at = append(in, b.taking(u, raw)), append(at, len(ids))
		ids = append(ids, u.ID)
	}
	n, err := b.inbox.TakeAll(ctx, in)
	upTo := len(ids)
	if err != nil {
		b.busy.tell(ctx, b, in[n].Item)
		upTo, stop = at[n], err
	} else {
		b.busy.over()
	}
	for _, id := range ids[:upTo] {
		offset = max(offset, id+1)
	}
	return offset, stop
}

// pollError is an error answer to getUpdates.
type pollError struct {
	code        int
	description string
	retryAfter  time.Duration
}

func (e *pollError) Error() string {
	return fmt.Sprintf("getUpdates: %d %s", e.code, e.description)
}

// getUpdates asks for the updates from offset on, waiting up to
// pollTimeout for one to come. The parameters go as JSON, which the Bot
// API accepts beside form data.
func (b *Bot) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error) {
	body, err := json.Marshal(struct {
		Offset         int64    `json:"offset,omitempty"`
		Timeout        int      `json:"timeout"`
		AllowedUpdates []string `json:"allowed_updates"`
	}{offset, int(pollTimeout / time.Second), allowedUpdates})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.cfg.APIBase+"/bot"+b.cfg.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, errors.New("getUpdates: cannot make the request")
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := b.http.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // drop the URL, which holds the token
		}
		return nil, fmt.Errorf("getUpdates: %w", err)
	}
	defer res.Body.Close()
	var answer struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 64<<20)).Decode(&answer); err != nil {
		return nil, fmt.Errorf("getUpdates: %s: %w", res.Status, err)
	}
	if !answer.OK {
		code := answer.ErrorCode
		if code == 0 {
			code = res.StatusCode
		}
		return nil, &pollError{code: code, description: answer.Description,
			retryAfter: time.Duration(answer.Parameters.RetryAfter) * time.Second}
	}
	return answer.Result, nil
}
