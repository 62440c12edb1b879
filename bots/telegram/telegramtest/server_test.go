package telegramtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

const token = "77:fake"

var alice = telegramtest.User{ID: 5, FirstName: "Alice"}

// client is the real client library pointed at the fake.
func client(t *testing.T, srv *telegramtest.Server) *tg.Bot {
	t.Helper()
	b, err := tg.New(srv.Token, tg.WithServerURL(srv.URL), tg.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// poll makes one getUpdates call as Telegram's clients do.
func poll(t *testing.T, srv *telegramtest.Server, offset, timeout int) (int, []telegramtest.Update) {
	t.Helper()
	body := strings.NewReader(`{"offset":` + itoa(offset) + `,"timeout":` + itoa(timeout) + `}`)
	res, err := http.Post(srv.URL+"/bot"+srv.Token+"/getUpdates", "application/json", body)
	if err != nil {
		t.Error(err) // not Fatal: some polls run in their own goroutine
		return 0, nil
	}
	defer res.Body.Close()
	var out struct {
		Result []telegramtest.Update `json:"result"`
	}
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out.Result
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestLongPolling(t *testing.T) {
	srv := telegramtest.NewServer(token)
	defer srv.Close()

	// Held until an update arrives.
	got := make(chan []telegramtest.Update)
	go func() { _, u := poll(t, srv, 0, 10); got <- u }()
	srv.WaitFor(5*time.Second, func() bool { return srv.Polls() == 1 })
	id := srv.SendText(alice, telegramtest.Private(alice), "hi")
	select {
	case u := <-got:
		if len(u) != 1 || u[0].ID != id || u[0].Message.Text != "hi" {
			t.Fatalf("updates %+v", u)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the poll was not answered when the update came")
	}
	// Not confirmed yet: returned again; confirmed by a higher offset.
	if _, u := poll(t, srv, int(id), 0); len(u) != 1 {
		t.Errorf("unconfirmed update not returned again: %+v", u)
	}
	if _, u := poll(t, srv, int(id)+1, 0); len(u) != 0 || srv.Pending() != 0 {
		t.Errorf("confirmed update returned: %+v", u)
	}
	// Empty after the timeout.
	start := time.Now()
	if _, u := poll(t, srv, int(id)+1, 1); len(u) != 0 || time.Since(start) < time.Second {
		t.Errorf("empty poll: %+v after %v", u, time.Since(start))
	}
	// A poll overtaken by another ends with 409.
	status := make(chan int)
	polls := srv.Polls()
	go func() { s, _ := poll(t, srv, 0, 10); status <- s }()
	srv.WaitFor(5*time.Second, func() bool { return srv.Polls() == polls+1 })
	second := make(chan int)
	go func() { s, _ := poll(t, srv, 0, 1); second <- s }()
	if s := <-status; s != http.StatusConflict {
		t.Errorf("overtaken poll: %d, want 409", s)
	}
	if s := <-second; s != http.StatusOK {
		t.Errorf("the later poll: %d", s)
	}
}

// The fake refuses what Telegram refuses.
func TestRefusesWhatTelegramRefuses(t *testing.T) {
	srv := telegramtest.NewServer(token)
	defer srv.Close()
	b := client(t, srv)
	ctx := t.Context()
	srv.SendText(alice, telegramtest.Private(alice), "hi")

	// The library's own keyboard, with its empty copy_text.
	_, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: models.InlineKeyboardMarkup{
		InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Claim", CallbackData: "t:claim:1"}}}}})
	if err == nil || !strings.Contains(err.Error(), "BUTTON_COPY_TEXT_INVALID") {
		t.Errorf("library keyboard: %v", err)
	}
	long := map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "x", "callback_data": strings.Repeat("d", 65)}}}}
	if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: long}); err == nil ||
		!strings.Contains(err.Error(), "BUTTON_DATA_INVALID") {
		t.Errorf("65-byte callback data: %v", err)
	}
	if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: alice.ID, Text: strings.Repeat("x", 4097)}); !errors.Is(err, tg.ErrorBadRequest) {
		t.Errorf("4097 characters: %v", err)
	}
	if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 999, Text: "x"}); !errors.Is(err, tg.ErrorForbidden) {
		t.Errorf("a person who never started the bot: %v", err)
	}
	if _, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: alice.ID, MessageID: 77, Text: "x"}); err == nil ||
		!strings.Contains(err.Error(), "message to edit not found") {
		t.Errorf("edit of a missing message: %v", err)
	}
	if _, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: alice.ID, MessageID: 1, Text: "x"}); err == nil ||
		!strings.Contains(err.Error(), "can't be edited") {
		t.Errorf("edit of alice's own message: %v", err)
	}
	srv.FailNext(1, http.StatusTooManyRequests, 7)
	_, err = b.SendMessage(ctx, &tg.SendMessageParams{ChatID: alice.ID, Text: "x"})
	var tooMany *tg.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
		t.Errorf("injected 429: %v", err)
	}
}

// Files go both ways with their bytes.
func TestFiles(t *testing.T) {
	srv := telegramtest.NewServer(token)
	defer srv.Close()
	b := client(t, srv)
	ctx := context.Background()
	photo := []byte("\xff\xd8\xff\xe0 not quite a jpeg")
	srv.SendPhoto(alice, telegramtest.Private(alice), photo, "lamp")
	_, u := poll(t, srv, 0, 0)
	sizes := u[0].Message.Photo
	f, err := b.GetFile(ctx, &tg.GetFileParams{FileID: sizes[len(sizes)-1].FileID})
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(b.FileDownloadLink(f))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Equal(data, photo) {
		t.Errorf("downloaded %q", data)
	}
	_, err = b.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: alice.ID, Caption: "sent back",
		Photo: &models.InputFileUpload{Filename: "p.jpg", Data: bytes.NewReader(photo)}})
	if err != nil {
		t.Fatal(err)
	}
	if m := srv.Last(alice.ID); !bytes.Equal(m.Photo, photo) || m.Caption != "sent back" {
		t.Errorf("uploaded photo: %+v", m)
	}
}

// sendDocument takes an upload with its file name, answers with the
// document as the Bot API shows it (its file_id sends it again), and
// refuses what Telegram refuses: no file, an empty one, one over 50 MB.
func TestSendDocument(t *testing.T) {
	srv := telegramtest.NewServer(token)
	defer srv.Close()
	b := client(t, srv)
	ctx := context.Background()
	srv.SendText(alice, telegramtest.Private(alice), "hi") // she started the bot
	data := []byte("\ufeffnumber,title\n1001,灯不亮\n")
	m, err := b.SendDocument(ctx, &tg.SendDocumentParams{ChatID: alice.ID,
		Document: &models.InputFileUpload{Filename: "tickets.csv", Data: bytes.NewReader(data)}})
	if err != nil {
		t.Fatal(err)
	}
	if d := m.Document; d == nil || d.FileName != "tickets.csv" || d.MimeType != "text/csv" || d.FileSize != int64(len(data)) || d.FileID == "" {
		t.Fatalf("the answer's document: %+v", m.Document)
	}
	if got := srv.Last(alice.ID); !bytes.Equal(got.Document, data) || got.DocumentName != "tickets.csv" {
		t.Fatalf("the document as uploaded: %q %q", got.DocumentName, got.Document)
	}
	again, err := b.SendDocument(ctx, &tg.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileString{Data: m.Document.FileID}})
	if err != nil || again.Document == nil || again.Document.FileID != m.Document.FileID || again.Document.FileName != "tickets.csv" {
		t.Fatalf("sent again by file_id: %+v, %v", again, err)
	}
	for name, doc := range map[string]models.InputFile{
		"no such file_id": &models.InputFileString{Data: "nope"},
		"empty":           &models.InputFileUpload{Filename: "e.csv", Data: bytes.NewReader(nil)},
		"over 50 MB":      &models.InputFileUpload{Filename: "big.csv", Data: bytes.NewReader(make([]byte, 50<<20+1))},
	} {
		if _, err := b.SendDocument(ctx, &tg.SendDocumentParams{ChatID: alice.ID, Document: doc}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
