package conversation_test

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/chart"
	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/sheet"
	"github.com/repairdesk/repairdesk/talk"
)

var update = flag.Bool("update", false, "rewrite the transcripts' answers from what the desk says now")

// A transcript is a dialogue test: lines starting with ">" are what
// people do, everything else is what the desk answered, recorded. Running
// it replays the inputs through the real engine and the embedded store and
// compares the answers; -update rewrites them.
//
//	> person alice zh            a person with a language hint
//	> alice: text                alice types text
//	> alice /report args         alice sends a command
//	> alice [Label]              alice presses the newest button with that label
//	> alice@dispatch [Claim]     …a button seen in the dispatch chat
//	> tom@dispatch^1: text       tom writes in the thread of message 1 there
//	> bob /report quote: text    bob reports from a message that says text
//	> alice {t:claim:1001}       alice sends a raw (possibly forged) token
//	> tom@dispatch^1 react claim tom puts the emoji that claims on message 1
//	> alice photo                alice sends a photo
//	> alice contact 13800000000  alice shares her phone
//	> grant alice technician     give a role
//	> register bob 139 Works     register bob (phone, department) without the dialogue
//	> clock +2h                  time passes
//	> deliver                    the dispatcher delivers what is owed
//	> restart                    the program restarts (new engine, same store)
//	> startlink https://t.me/b?start=   inputs from now on come from a platform
//	                             with this start link ("none": without one)
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			t.Parallel()
			runTranscript(t, file)
		})
	}
}

// TestTranscriptsSurviveRestarts replays every transcript with the program
// restarted before every single input: each dialogue must go on at the
// same step with nothing lost, so the answers are the same.
func TestTranscriptsSurviveRestarts(t *testing.T) {
	if *update {
		t.Skip("the transcripts are being rewritten")
	}
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if got := replay(t, string(data), true); got != string(data) {
				t.Errorf("with a restart before every input the transcript differs:\n%s", diff(string(data), got))
			}
		})
	}
}

func runTranscript(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	got := replay(t, string(data), false)
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != string(data) {
		t.Errorf("transcript differs; run go test ./conversation -run Transcripts -update and review the diff.\n%s", diff(string(data), got))
	}
}

// replay runs a transcript's inputs and returns the transcript the desk
// produces now; restarting restarts the program before every input.
func replay(t *testing.T, data string, restarting bool) string {
	h := newHarness(t, repotest.Open(t))
	var out strings.Builder
	for _, line := range strings.Split(strings.TrimRight(data, "\n"), "\n") {
		if !strings.HasPrefix(line, ">") {
			continue
		}
		out.WriteString(line + "\n")
		if restarting {
			h.restart()
		}
		h.step(t, strings.TrimSpace(line[1:]), &out)
	}
	return out.String()
}

// diff shows the first lines where two transcripts part.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			lo := max(0, i-3)
			return fmt.Sprintf("line %d:\n--- want\n%s\n+++ got\n%s", i+1,
				strings.Join(w[lo:min(len(w), i+4)], "\n"), strings.Join(g[lo:min(len(g), i+4)], "\n"))
		}
	}
	return ""
}

// harness is the program as a transcript sees it.
type harness struct {
	store   *repo.Store
	svc     *desk.Service
	engine  *conversation.Engine
	now     time.Time
	mu      sync.Mutex
	langs   map[string]string
	seen    map[string][]talk.Message // what each chat was shown, newest last
	sender  *recorder
	ids     map[string]string // account → user ID
	code    string            // the last link code shown
	photoID string
	// startLink is the platform's start link the inputs carry.
	startLink string
}

func newHarness(t testing.TB, store *repo.Store) *harness {
	h := &harness{store: store, langs: map[string]string{}, seen: map[string][]talk.Message{}, ids: map[string]string{},
		// Monday 23 November 2026, 09:00 in Shanghai.
		now: time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)}
	h.svc = desk.NewService(store, store, store, store)
	h.svc.Now = func() time.Time { h.mu.Lock(); defer h.mu.Unlock(); return h.now }
	if _, err := store.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	h.restart()
	h.sender = &recorder{}
	id, err := store.PutPhoto(t.Context(), []byte("\xff\xd8\xff\xe0 a tiny jpeg"), "image/jpeg")
	if err != nil {
		t.Fatal(err)
	}
	h.photoID = id
	return h
}

// learnIDs looks up the user ID of every account seen so far.
func (h *harness) learnIDs(ctx context.Context) {
	for acc := range h.ids {
		// Read again each time: linking moves an account to another user.
		if u, err := h.store.ByAccount(ctx, acc); err == nil {
			h.ids[acc] = u.ID
		}
	}
}

func (h *harness) restart() {
	h.engine = conversation.New(h.svc, h.store, slog.New(slog.DiscardHandler))
	h.engine.Charts = painter()
	// Without fonts, so that a sheet's title reads the same on every
	// machine.
	h.engine.Printer = bare
}

// painter draws the charts of every transcript: loading the machine's
// Chinese font once, not at each of the many restarts.
var painter = sync.OnceValue(func() *chart.Painter { return chart.New(nil) })

var bare = sheet.New()

func (h *harness) step(t *testing.T, cmd string, out *strings.Builder) {
	ctx := t.Context()
	fields := strings.Fields(cmd)
	switch fields[0] {
	case "person":
		h.langs[fields[1]] = fields[2]
		return
	case "restart":
		h.restart()
		return
	case "startlink":
		h.startLink = strings.TrimPrefix(fields[1], "none")
		return
	case "clock":
		d, err := time.ParseDuration(strings.TrimPrefix(fields[1], "+"))
		if err != nil {
			t.Fatalf("clock: %v", err)
		}
		h.mu.Lock()
		h.now = h.now.Add(d)
		h.mu.Unlock()
		return
	case "grant":
		u, err := h.svc.Account(ctx, "test:"+fields[1], "")
		if err != nil {
			t.Fatal(err)
		}
		h.ids["test:"+fields[1]] = u.ID
		role, _ := desk.ParseRole(fields[2])
		if _, err := h.svc.GrantBootstrap(ctx, u.ID, role); err != nil {
			t.Fatal(err)
		}
		return
	case "register":
		// "register bob 13900002222 Works dept": bob is registered
		// without the dialogue, for transcripts that need many people.
		u, err := h.svc.Account(ctx, "test:"+fields[1], h.langs[fields[1]])
		if err == nil {
			_, err = h.svc.Register(ctx, u, desk.Profile{Name: strings.ToUpper(fields[1][:1]) + fields[1][1:],
				Phone: fields[2], Department: strings.Join(fields[3:], " ")})
		}
		if err != nil {
			t.Fatal(err)
		}
		h.ids["test:"+fields[1]] = u.ID
		return
	case "deliver":
		h.deliver(ctx, t, out)
		return
	}
	// A link code is random: "<code>" stands for the last one shown.
	cmd = strings.ReplaceAll(cmd, "<code>", h.code)
	who, rest, _ := strings.Cut(cmd, " ")
	who = strings.TrimSuffix(who, ":")
	chat := ""
	replyTo := ""
	if w, c, ok := strings.Cut(who, "@"); ok {
		who, chat = w, "test:"+c
		chat, replyTo, _ = strings.Cut(chat, "^")
	}
	in := talk.Input{Platform: "test", Account: "test:" + who, Chat: "test:" + who, Lang: h.langs[who], Name: strings.ToUpper(who[:1]) + who[1:],
		StartLink: h.startLink}
	if chat != "" {
		in.Chat, in.Group, in.ReplyTo = chat, true, replyTo
	}
	switch {
	case strings.HasPrefix(rest, "/"):
		name, args, _ := strings.Cut(rest[1:], " ")
		in.Kind, in.Command, in.Text = talk.KindCommand, name, args
		if q, ok := strings.CutPrefix(args, "quote:"); ok {
			in.Text, in.Quote = "", &talk.Quote{Text: strings.TrimSpace(q)}
		}
	case strings.HasPrefix(rest, "[") && strings.HasSuffix(rest, "]"):
		label := rest[1 : len(rest)-1]
		token, msgID, ok := h.button(in.Chat, label)
		if !ok {
			// Recorded rather than fatal, so that -update shows where a
			// dialogue went another way than the script expected.
			fmt.Fprintf(out, "!! no button %q in %s\n", label, in.Chat)
			return
		}
		in.Kind, in.Token, in.MessageID = talk.KindButton, token, msgID
	case strings.HasPrefix(rest, "{") && strings.HasSuffix(rest, "}"):
		in.Kind, in.Token = talk.KindButton, rest[1:len(rest)-1]
	case strings.HasPrefix(rest, "form"):
		// "form: text" answers the newest form shown to the person;
		// "form closed" closes it unanswered.
		form := h.form("test:" + who)
		if form == nil {
			fmt.Fprintf(out, "!! no form shown to %s\n", who)
			return
		}
		in.Kind, in.Token, in.Text = talk.KindText, form.Token, strings.TrimSpace(strings.TrimPrefix(rest, "form:"))
		if rest == "form closed" {
			in.Kind, in.Text = talk.KindButton, ""
		}
	case strings.HasPrefix(rest, "react "):
		// "tom@dispatch^1 react claim": tom puts the emoji that claims
		// on message 1 of the dispatch chat.
		in.Kind, in.Text = talk.KindReaction, strings.TrimPrefix(rest, "react ")
	case rest == "photo":
		in.Kind, in.Photo = talk.KindPhoto, h.photoID
	case strings.HasPrefix(rest, "contact "):
		in.Kind, in.Text = talk.KindContact, strings.TrimPrefix(rest, "contact ")
	default:
		in.Kind, in.Text = talk.KindText, strings.TrimPrefix(rest, ": ")
		if strings.HasPrefix(rest, ":") {
			in.Text = strings.TrimSpace(rest[1:])
		}
	}
	h.ids[in.Account] = ""
	resp, err := h.engine.Handle(ctx, in)
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	if resp.Toast != "" {
		fmt.Fprintf(out, "  (toast: %s)\n", resp.Toast)
	}
	private := "test:" + who
	h.learnIDs(ctx)
	for _, m := range resp.Messages {
		h.show(private, m, out)
	}
}

var linkCode = regexp.MustCompile(`/link (\d{6})`)

// show records a message as seen in chat and writes it to the transcript.
func (h *harness) show(chat string, m talk.Message, out *strings.Builder) {
	h.seen[chat] = append(h.seen[chat], m)
	edit := ""
	if m.Edit {
		edit = " (edit)"
	}
	text := m.Text
	if c := linkCode.FindStringSubmatch(text); c != nil {
		h.code = c[1]
		text = strings.ReplaceAll(text, c[1], "<code>")
	}
	// User IDs are random: the transcript names them after their person.
	// In a fixed order: two linked accounts share an ID, named after the
	// first of them.
	for _, acc := range slices.Sorted(maps.Keys(h.ids)) {
		if id := h.ids[acc]; id != "" {
			text = strings.ReplaceAll(text, id, "<id of "+strings.TrimPrefix(acc, "test:")+">")
		}
	}
	fmt.Fprintf(out, "< %s%s: %s\n", strings.TrimPrefix(chat, "test:"), edit, strings.ReplaceAll(text, "\n", "\n  "))
	for _, r := range m.Rows {
		var labels []string
		for _, b := range r.Buttons {
			labels = append(labels, "["+b.Label+"]")
		}
		fmt.Fprintf(out, "  %s\n", strings.Join(labels, " "))
	}
	if len(m.Photos) > 0 {
		fmt.Fprintf(out, "  (photos: %d)\n", len(m.Photos))
	}
	if f := m.File; f != nil {
		fmt.Fprintf(out, "  (file %s: %s)\n", f.Name, f.Ref)
	}
	if m.AskContact {
		out.WriteString("  (asks for contact)\n")
	}
	if f := m.Form; f != nil {
		fmt.Fprintf(out, "  (form %q: %s, up to %d, optional %v)\n", f.Title, f.Submit, f.Limit, f.Optional)
	}
}

// form finds the newest form in what chat was shown.
func (h *harness) form(chat string) *talk.Form {
	msgs := h.seen[chat]
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Form != nil {
			return msgs[i].Form
		}
	}
	return nil
}

// button finds the newest button with a label in what chat was shown.
func (h *harness) button(chat, label string) (token, msgID string, ok bool) {
	msgs := h.seen[chat]
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, r := range msgs[i].Rows {
			for _, b := range r.Buttons {
				if b.Label == label {
					return b.Token, fmt.Sprint(i), true
				}
			}
		}
	}
	return "", "", false
}

func (h *harness) deliver(ctx context.Context, t *testing.T, out *strings.Builder) {
	d := notice.NewDispatcher(h.svc, h.store, slog.New(slog.DiscardHandler), h.sender)
	if _, _, err := d.Flush(ctx); err != nil {
		fmt.Fprintf(out, "!! deliver: %v\n", err)
	}
	h.learnIDs(ctx)
	for _, s := range h.sender.take() {
		h.show(s.chat, s.msg, out)
	}
}

// recorder is a chat platform that records what it was asked to send.
type recorder struct {
	mu   sync.Mutex
	sent []sent
	n    int
}

type sent struct {
	chat string
	msg  talk.Message
}

func (r *recorder) Platform() string       { return "test" }
func (r *recorder) DispatchChat() string   { return "test:dispatch" }
func (r *recorder) SupervisorChat() string { return "test:supervisors" }

func (r *recorder) Send(_ context.Context, to talk.Target, m talk.Message) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	chat := to.Chat
	if chat == "" {
		chat = to.Account
	}
	if to.ReplyTo != "" {
		// In the thread of an earlier post, numbered as edits name it.
		m.Text = "↳#" + to.ReplyTo + " " + m.Text
	}
	r.sent = append(r.sent, sent{chat, m})
	r.n++
	return fmt.Sprint(r.n), nil
}

func (r *recorder) Edit(_ context.Context, chat, id string, m talk.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	m.Edit = true
	m.Text = "#" + id + " → " + m.Text
	r.sent = append(r.sent, sent{chat, m})
	return nil
}

func (r *recorder) take() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sent
	r.sent = nil
	return s
}
