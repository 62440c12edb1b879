package slack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// desk is the real engine over a fresh, seeded embedded store.
type realDesk struct {
	store  *repo.Store
	svc    *desk.Service
	engine *conversation.Engine
	log    *slog.Logger
}

func newDesk(t *testing.T) *realDesk {
	t.Helper()
	store := repotest.Open(t)
	if _, err := store.Seed(t.Context()); err != nil {
		t.Fatalf("seed: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	svc := desk.NewService(store, store, store, store)
	return &realDesk{store: store, svc: svc, engine: conversation.New(svc, store, logger), log: logger}
}

// leakingTap is the report the tests file.
var leakingTap = desk.Report{
	Location:    desk.Location{Zone: "A区 North", Building: "A2 图书馆 Library", Room: "101"},
	ProblemType: "给排水 Plumbing", Title: "Leaking tap", Description: "The tap drips all day", Contact: "13800001111"}

// notices returns what delivers the desk's notices waiting, through r's
// bot, and fails the test unless all of them go.
func (d *realDesk) notices(t *testing.T, r *rig) func() {
	disp := notice.NewDispatcher(d.svc, d.store, d.log, r.bot)
	return func() {
		t.Helper()
		if left, _, err := disp.Flush(context.WithoutCancel(t.Context())); err != nil || left != 0 {
			t.Fatalf("deliver notices: %d left, %v", left, err)
		}
	}
}

// register makes a Slack person a registered user of the desk, with roles.
func (d *realDesk) register(t *testing.T, user, name string, roles ...desk.Role) *desk.User {
	t.Helper()
	ctx := t.Context()
	u, err := d.svc.Account(ctx, "slack:"+team+"/"+user, "en")
	if err == nil {
		u, err = d.svc.Register(ctx, u, desk.Profile{Name: name, Phone: "13800001111", Department: "Library"})
	}
	if err == nil && u.Lang == "" {
		u, err = d.svc.SetLang(ctx, u, "en")
	}
	if err == nil && len(roles) > 0 {
		u, err = d.svc.GrantBootstrap(ctx, u.ID, roles...)
	}
	if err != nil {
		t.Fatalf("register %s: %v", user, err)
	}
	return u
}

// said waits until the bot's latest message to user contains text, and
// returns it.
func (r *rig) said(user, text string) fakeslack.Message {
	r.t.Helper()
	var last fakeslack.Message
	ok := r.srv.WaitFor(wait, func() bool {
		for _, m := range r.srv.BotMessagesTo(user) {
			if strings.Contains(m.Body(), text) {
				last = m
				return true
			}
		}
		return false
	})
	if !ok {
		r.t.Fatalf("%s was never told %q; the bot said %q", user, text, bodies(r.srv.BotMessagesTo(user)))
	}
	return last
}

// saidAfter waits for text in a message after the first n to user.
func (r *rig) saidAfter(user string, n int, text string) fakeslack.Message {
	r.t.Helper()
	var found fakeslack.Message
	ok := r.srv.WaitFor(wait, func() bool {
		ms := r.srv.BotMessagesTo(user)
		for i := n; i < len(ms); i++ {
			if strings.Contains(ms[i].Body(), text) {
				found = ms[i]
				return true
			}
		}
		return false
	})
	if !ok {
		ms := r.srv.BotMessagesTo(user)
		r.t.Fatalf("%s was not told %q after message %d; the bot said %q", user, text, n, bodies(ms[min(n, len(ms)):]))
	}
	return found
}

func (r *rig) count(user string) int { return len(r.srv.BotMessagesTo(user)) }

// A person registers through the real desk in their DM: the name Slack
// knows is offered, the phone is typed (Slack has no share-my-phone
// button), and then the menu, the Home tab and slash commands work. A
// forged press is passed through as a token, and the desk refuses it.
func TestRealDeskInTheDM(t *testing.T) {
	d := newDesk(t)
	r := newRig(t, socketMode, d.engine, d.store)

	r.srv.SendDM(alice, "hi")
	name := r.said(alice, "Your name?")
	btn, ok := name.Button("Alice Liu")
	if !ok {
		t.Fatalf("the profile's name is not offered: %+v", name.Buttons())
	}
	n := r.count(alice)
	r.srv.Press(alice, name, btn)
	phone := r.saidAfter(alice, n-1, "Your phone number?")
	for _, b := range phone.Buttons() {
		if b.Value == "" {
			t.Errorf("a button without a token: %+v", b)
		}
	}
	n = r.count(alice)
	r.srv.SendDM(alice, "13800001111")
	r.saidAfter(alice, n, "Your department?")
	n = r.count(alice)
	r.srv.SendDM(alice, "Library & Archives")
	r.saidAfter(alice, n, "You are registered, Alice Liu. Welcome!")
	menu := r.saidAfter(alice, n, "what I can do")
	report, ok := menu.Button("Report")
	if !ok || !strings.HasPrefix(report.Value, "m:") {
		t.Fatalf("menu buttons %+v", menu.Buttons())
	}

	// Forged presses: the admin's menu, a claim of a ticket that is not
	// there, and a token that is no token.
	n = r.count(alice)
	r.srv.PressValue(alice, fakeslack.DMOf(alice), menu.TS, "m:admin")
	r.saidAfter(alice, n, "You are not allowed to do that.")
	n = r.count(alice)
	r.srv.PressValue(alice, fakeslack.DMOf(alice), menu.TS, "t:claim:1001")
	r.saidAfter(alice, n, "There is no ticket #1001.")
	n = r.count(alice)
	r.srv.PressValue(alice, fakeslack.DMOf(alice), menu.TS, "t:claim:1001; drop tickets")
	r.saidAfter(alice, n, "That button no longer works.")

	// The Home tab: open tickets (none yet) and the menu.
	r.srv.OpenHome(alice)
	if !r.srv.WaitFor(wait, func() bool { _, ok := r.srv.Home(alice); return ok }) {
		t.Fatal("the Home tab was not published")
	}
	home, _ := r.srv.Home(alice)
	if !strings.Contains(home.Text(), "My open tickets") {
		t.Errorf("Home tab shows %q", home.Text())
	}
	homeReport, ok := home.Button("📝 Report")
	if !ok {
		t.Fatalf("Home tab buttons %+v", home.Blocks.Buttons())
	}
	n = r.count(alice)
	r.srv.PressHome(alice, homeReport)
	zones := r.saidAfter(alice, n, "Which zone?")
	if _, ok := zones.Button("A区 North"); !ok {
		t.Errorf("zone buttons %+v", zones.Buttons())
	}
	if !r.srv.WaitFor(wait, func() bool { return len(r.srv.Calls("views.publish")) >= 2 }) {
		t.Error("the Home tab was not refreshed after a press on it")
	}

	// A slash command typed in a channel is answered in the DM.
	n = r.count(alice)
	r.srv.Command(alice, dispatch, "me")
	r.saidAfter(alice, n, "13800001111")

	// A Chinese client is greeted in Chinese.
	r.srv.SendDM(bo, "你好")
	r.said(bo, "欢迎使用在线报修")
}

// A new ticket is posted in the dispatch channel with "Claim"; a
// technician's press there claims it (answered in their DM, with a toast
// in the channel), the post changes to "claimed by", and the requester
// hears of it in their DM. A requester's press of the same button is
// refused.
func TestClaimInTheDispatchChannel(t *testing.T) {
	d := newDesk(t)
	r := newRig(t, httpMode, d.engine, d.store)
	r.srv.AddUser(fakeslack.User{ID: "U0TOM", RealName: "Tom", Locale: "en-GB"})
	requester := d.register(t, alice, "Alice")
	d.register(t, bo, "Bo")
	d.register(t, "U0TOM", "Tom", desk.RoleTechnician)
	ctx := t.Context()
	tk, err := d.svc.Report(ctx, requester, leakingTap)
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	flush := d.notices(t, r)
	flush()
	post, ok := r.srv.Last(dispatch)
	if !ok || !strings.Contains(post.Body(), "Leaking tap") {
		t.Fatalf("dispatch channel: %+v", r.srv.MessagesIn(dispatch))
	}
	var claim fakeslack.Button
	for _, b := range post.Buttons() {
		if strings.HasPrefix(b.Value, "t:claim:"+tk.ID) {
			claim = b
		}
	}
	if claim.Value == "" {
		t.Fatalf("no Claim button on the post: %+v", post.Buttons())
	}

	r.srv.Press(bo, post, claim)
	r.said(bo, "You are not allowed to do that.")

	r.srv.Press("U0TOM", post, claim)
	r.said("U0TOM", tk.Ref())
	if !r.srv.WaitFor(wait, func() bool { return len(r.srv.Ephemerals("U0TOM")) > 0 }) {
		t.Error("no toast for the technician in the channel")
	}
	flush()
	head := post.TS
	post = r.srv.TopLevel(dispatch)[0]
	if post.TS != head || len(r.srv.TopLevel(dispatch)) != 1 {
		t.Errorf("the channel shows %d messages; want the ticket's post alone", len(r.srv.TopLevel(dispatch)))
	}
	// The claim is told in the post's thread too.
	if th := r.srv.Thread(dispatch, head); len(th) != 1 || !strings.Contains(th[0].Body(), "claimed by Tom") {
		t.Errorf("the post's thread: %+v", th)
	}
	if post.Edits == 0 || !strings.Contains(post.Body(), "Tom") {
		t.Errorf("the post after the claim: %q (edits %d)", post.Body(), post.Edits)
	}
	for _, b := range post.Buttons() {
		if strings.HasPrefix(b.Value, "t:claim:") {
			t.Errorf("the post still offers %+v", b)
		}
	}
	r.said(alice, "was claimed by Tom")
}

// The report form: opened from the Home tab with the catalogue's choices
// and the person's phone; each problem shown beside its field by the
// dialogue's own rules, the form kept open; a good one filed, confirmed
// in the DM with the ticket's details. Someone not registered gets the
// dialogue instead.
func TestReportForm(t *testing.T) {
	inBothModes(t, testReportForm)
}

func testReportForm(t *testing.T, m mode) {
	d := newDesk(t)
	r := newRig(t, m, d.engine, d.store)
	d.register(t, alice, "Alice")

	r.srv.OpenHome(alice)
	if !r.srv.WaitFor(wait, func() bool { _, ok := r.srv.Home(alice); return ok }) {
		t.Fatal("no Home tab")
	}
	home, _ := r.srv.Home(alice)
	formBtn, ok := home.Button("Report with a form")
	if !ok {
		t.Fatalf("no form button on the Home tab: %+v", home.Blocks.Buttons())
	}
	r.srv.PressHome(alice, formBtn)
	if !r.srv.WaitFor(wait, func() bool { return len(r.srv.Modals()) == 1 }) {
		t.Fatalf("no form opened; calls %+v", r.srv.Calls("views.open"))
	}
	form := r.srv.Modals()[0]
	fields := map[string]*fakeslack.Element{}
	for _, b := range form.Blocks {
		fields[b.BlockID] = b.Element
	}
	if fields["contact"] == nil || fields["contact"].InitialValue != "13800001111" {
		t.Errorf("contact field %+v", fields["contact"])
	}
	if where := fields["where"]; where == nil || len(where.Options) == 0 || where.Options[0] != "A区 North|A1 教学楼 Teaching" {
		t.Fatalf("zone and building choices %+v", where)
	}

	good := map[string]string{"where": "A区 North|A2 图书馆 Library", "room": "204", "problem": "电气 Electrical",
		"title": "Lights out", "description": "The reading room is dark", "contact": "13800001111"}
	with := func(changes map[string]string) map[string]string {
		v := map[string]string{}
		for k, x := range good {
			v[k] = x
		}
		for k, x := range changes {
			if x == "" {
				delete(v, k)
			} else {
				v[k] = x
			}
		}
		return v
	}
	start := time.Now().Add(48 * time.Hour).Unix()
	bad := []struct {
		name   string
		values map[string]string
		field  string
		text   string
	}{
		{"no-title", with(map[string]string{"title": ""}), "title", "Please fill this in"},
		{"title-too-long", with(map[string]string{"title": strings.Repeat("t", desk.MaxTitle+1)}), "title", "At most 80 characters"},
		{"forged-building", with(map[string]string{"where": "A区 North|Z9 Nowhere"}), "where", "Choose a building from the list"},
		{"bad-phone", with(map[string]string{"contact": "call me"}), "contact", "Enter a valid phone number"},
		{"half-window", with(map[string]string{"start": strconv.FormatInt(start, 10)}), "end", "Give both the start and the end"},
		{"end-first", with(map[string]string{"start": strconv.FormatInt(start, 10), "end": strconv.FormatInt(start-3600, 10)}), "end", "The end must be after the start"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			d := r.srv.Submit(alice, form, tt.values)
			r.acked(d)
			_, answer := r.srv.Answer(d)
			var got struct {
				Action string            `json:"response_action"`
				Errors map[string]string `json:"errors"`
			}
			if err := json.Unmarshal(answer, &got); err != nil || got.Action != "errors" || !strings.HasPrefix(got.Errors[tt.field], tt.text) {
				t.Errorf("answered %s, want %q beside %s", answer, tt.text, tt.field)
			}
		})
	}
	user, _ := d.svc.Account(t.Context(), "slack:"+team+"/"+alice, "en")
	if mine, _ := d.svc.Mine(t.Context(), user, "", 10); len(mine) != 0 {
		t.Fatalf("a form with problems was filed: %+v", mine)
	}

	n := r.count(alice)
	ok2 := r.srv.Submit(alice, form, with(map[string]string{"start": strconv.FormatInt(start, 10), "end": strconv.FormatInt(start+7200, 10)}))
	r.acked(ok2)
	if _, answer := r.srv.Answer(ok2); len(bytes.TrimSpace(answer)) != 0 && string(bytes.TrimSpace(answer)) != "null" {
		t.Errorf("a good form answered %s, want nothing (the form closes)", answer)
	}
	r.saidAfter(alice, n, "Submitted, waiting for a technician to claim it. Ticket #")
	details := r.saidAfter(alice, n, "Lights out")
	if len(details.Buttons()) == 0 {
		t.Errorf("the ticket's details have no buttons")
	}
	mine, err := d.svc.Mine(t.Context(), user, "", 10)
	if err != nil || len(mine) != 1 || mine[0].Report.Location.Building != "A2 图书馆 Library" || mine[0].Report.Window.Start.Unix() != start {
		t.Fatalf("tickets %+v %v", mine, err)
	}

	// Not registered: the dialogue asks who they are.
	r.srv.Command(bo, "", "form")
	r.said(bo, "欢迎使用在线报修")
	if len(r.srv.Modals()) != 1 {
		t.Errorf("a form opened for someone not registered")
	}
}
