package conversation_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// An admin's presses handed over again after a crash that came between
// the desk's write and the dialogue's: the second time finds the work
// done and does no more.

// adminChatter is a registered admin of svc talking to engine.
func adminChatter(t *testing.T, svc *desk.Service, c *chatter) *chatter {
	t.Helper()
	register(c, "Root", "13600005555")
	u, err := svc.Account(t.Context(), c.account, "en")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.GrantBootstrap(t.Context(), u.ID, desk.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	return c
}

// pressTwice presses the last answer's button labelled label under one
// input key, first dying before the dialogue is saved, then again.
func pressTwice(c *chatter, sessions *dyingSessions, label string) (first, again talk.Response) {
	c.t.Helper()
	return sendTwice(c, sessions, talk.Input{Kind: talk.KindButton, Token: c.token(label)})
}

// sendTwice hands in over under one key, first dying before the dialogue
// is saved, then again.
func sendTwice(c *chatter, sessions *dyingSessions, in talk.Input) (first, again talk.Response) {
	c.t.Helper()
	c.n++
	in.Key = c.account + ":replayed:" + strconv.Itoa(c.n)
	sessions.dead = true
	first = c.send(in)
	sessions.dead = false
	return first, c.send(in)
}

func TestDeleteArticleAgainAfterCrashDeletesOne(t *testing.T) {
	_, svc, engine, sessions := dyingDesk(t)
	ctx := t.Context()
	before, err := svc.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) < 2 {
		t.Fatalf("the seed has %d articles, want two or more", len(before))
	}
	c := adminChatter(t, svc, &chatter{t: t, engine: engine, account: "test:root"})
	c.command("admin")
	c.press("Delete FAQ article")
	first, again := pressTwice(c, sessions, before[0].Title)

	after, err := svc.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := before[1:]
	if !slices.EqualFunc(after, want, func(a, b desk.Article) bool { return a.ID == b.ID }) {
		t.Errorf("articles after the press handed over twice: %v, want all but the first: %v", titles(after), titles(want))
	}
	if got := text(first); got != `Deleted "`+before[0].Title+`".` {
		t.Errorf("first press answered %q", got)
	}
	if got := text(again); got != "That article is deleted already." {
		t.Errorf("press handed over again answered %q, want it done already", got)
	}
}

func TestRemoveEntryAgainAfterCrashRemovesOne(t *testing.T) {
	// The entry is chosen by its button, or by its number in the list
	// shown: handed over again, the number must name the same entry,
	// though the list has lost it.
	for _, how := range []string{"pressed", "typed"} {
		t.Run(how, func(t *testing.T) {
			_, svc, engine, sessions := dyingDesk(t)
			ctx := t.Context()
			before, err := svc.Catalog(ctx)
			if err != nil {
				t.Fatal(err)
			}
			c := adminChatter(t, svc, &chatter{t: t, engine: engine, account: "test:root"})
			c.command("admin")
			c.press("Catalogues")
			c.press("Problem types")
			c.press("Remove")
			gone := before.ProblemTypes[0]
			var first, again talk.Response
			if how == "pressed" {
				first, again = pressTwice(c, sessions, gone)
			} else {
				first, again = sendTwice(c, sessions, talk.Input{Kind: talk.KindText, Text: "1"})
			}

			after, err := svc.Catalog(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := before.ProblemTypes[1:]; !slices.Equal(after.ProblemTypes, want) {
				t.Errorf("problem types after the answer handed over twice: %v, want %v", after.ProblemTypes, want)
			}
			if got := text(first); got != "Updated: "+gone {
				t.Errorf("first answer answered %q", got)
			}
			if got := text(again); got != "That entry is no longer in the list: it is removed already." {
				t.Errorf("answer handed over again answered %q, want it done already", got)
			}
		})
	}
}

func titles(as []desk.Article) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Title
	}
	return out
}

// text is an answer's first message, or "" for none.
func text(r talk.Response) string {
	if len(r.Messages) == 0 {
		return ""
	}
	return r.Messages[0].Text
}

// A queue's problem type pressed on, and a zone pressed off, each handed
// over again after a crash, stay as pressed rather than flip back.
func TestQueueMatchAgainAfterCrashStaysAsPressed(t *testing.T) {
	// Pressed, its number typed (the first problem type and the first
	// zone are number 1 of their lists), or its name typed.
	for _, how := range []string{"pressed", "typed", "named"} {
		t.Run(how, func(t *testing.T) {
			_, svc, engine, sessions := dyingDesk(t)
			ctx := t.Context()
			cat, err := svc.Catalog(ctx)
			if err != nil {
				t.Fatal(err)
			}
			typ, zone := cat.ProblemTypes[0], cat.Zones[0].Name
			c := adminChatter(t, svc, &chatter{t: t, engine: engine, account: "test:root"})
			twice := func(label string) {
				switch how {
				case "pressed":
					pressTwice(c, sessions, label)
				case "typed":
					sendTwice(c, sessions, talk.Input{Kind: talk.KindText, Text: "1"})
				default:
					sendTwice(c, sessions, talk.Input{Kind: talk.KindText, Text: strings.TrimPrefix(label, "✓ ")})
				}
			}
			c.command("admin")
			c.press("Queues")
			c.press("Add queue")
			c.text("Electricians")
			c.press("Problem types")
			twice(typ)
			c.press("Done")
			c.press("Zones")
			c.press(zone)
			twice("✓ " + zone)

			qs, err := svc.Queues(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(qs) != 1 {
				t.Fatalf("%d queues, want 1", len(qs))
			}
			if q := qs[0]; !slices.Equal(q.ProblemTypes, []string{typ}) || len(q.Zones) != 0 {
				t.Errorf("the queue takes types %v and zones %v, want %s and no zone", q.ProblemTypes, q.Zones, typ)
			}
		})
	}
}

// A new FAQ article whose last answer is handed over again after a crash
// is added once.
func TestAddArticleAgainAfterCrashAddsOne(t *testing.T) {
	_, svc, engine, sessions := dyingDesk(t)
	ctx := t.Context()
	before, err := svc.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := adminChatter(t, svc, &chatter{t: t, engine: engine, account: "test:root"})
	c.command("admin")
	c.press("Add FAQ article")
	c.text("Lift stuck")
	c.text("Press the alarm button and wait.")
	in := talk.Input{Kind: talk.KindText, Text: "lift, elevator", Key: "test:root:keywords"}
	sessions.dead = true
	first := c.send(in)
	sessions.dead = false
	again := c.send(in)

	after, err := svc.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(after); len(after) != len(before)+1 || !slices.Contains(got, "Lift stuck") {
		t.Errorf("articles after the answer handed over twice: %v, want one Lift stuck added", got)
	}
	for i, resp := range []talk.Response{first, again} {
		if got := text(resp); got != `Saved the article "Lift stuck".` {
			t.Errorf("answer %d: %q, want it saved", i+1, got)
		}
	}
}

// A catalogue entry added and renamed, and a queue added, each by an
// input handed over again after a crash, are changed once and the second
// time answered as done, not refused as already there or not there.
func TestAdminAgainAfterCrashAnswersAsDone(t *testing.T) {
	_, svc, engine, sessions := dyingDesk(t)
	ctx := t.Context()
	c := adminChatter(t, svc, &chatter{t: t, engine: engine, account: "test:root"})

	c.command("admin")
	c.press("Catalogues")
	c.press("Problem types")
	c.press("Add")
	first, again := sendTwice(c, sessions, talk.Input{Kind: talk.KindText, Text: "Lifts"})
	for i, resp := range []talk.Response{first, again} {
		if got := text(resp); got != "Updated: Lifts" {
			t.Errorf("entry added, answer %d: %q, want it added", i+1, got)
		}
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := countOf(cat.ProblemTypes, "Lifts"); n != 1 {
		t.Errorf("Lifts is %d times among the problem types, want once", n)
	}

	c.command("admin")
	c.press("Catalogues")
	c.press("Problem types")
	c.press("Rename")
	c.press("Lifts")
	first, again = sendTwice(c, sessions, talk.Input{Kind: talk.KindText, Text: "Elevators"})
	for i, resp := range []talk.Response{first, again} {
		if got := text(resp); !strings.HasPrefix(got, "Renamed: Lifts → Elevators.") {
			t.Errorf("entry renamed, answer %d: %q, want it renamed", i+1, got)
		}
	}

	c.command("admin")
	c.press("Queues")
	c.press("Add queue")
	first, again = sendTwice(c, sessions, talk.Input{Kind: talk.KindText, Text: "Electricians"})
	for i, resp := range []talk.Response{first, again} {
		if got := text(resp); !strings.HasPrefix(got, "👥 Electricians\n") {
			t.Errorf("queue added, answer %d: %q, want the queue", i+1, got)
		}
	}
	if qs, err := svc.Queues(ctx); err != nil || len(qs) != 1 {
		t.Errorf("queues after adding one: %v, %v; want one", qs, err)
	}
}

// A queue removed by a press handed over again after a crash is answered
// as removed, not as a queue that is not there.
func TestRemoveQueueAgainAfterCrashAnswersAsDone(t *testing.T) {
	_, svc, engine, sessions := dyingDesk(t)
	ctx := t.Context()
	c := adminChatter(t, svc, &chatter{t: t, engine: engine, account: "test:root"})
	c.command("admin")
	c.press("Queues")
	c.press("Add queue")
	c.text("Electricians")
	c.press("Remove queue")
	first, again := pressTwice(c, sessions, "Yes, remove it")
	if got := text(first); got != "Removed the queue Electricians." {
		t.Errorf("queue removed, first answer %q", got)
	}
	if got := text(again); got != "That queue is removed already." {
		t.Errorf("queue removed, answer handed over again %q, want it done already", got)
	}
	if qs, err := svc.Queues(ctx); err != nil || len(qs) != 0 {
		t.Errorf("queues after removing the one: %v, %v; want none", qs, err)
	}
}

func countOf(l []string, v string) int {
	n := 0
	for _, x := range l {
		if x == v {
			n++
		}
	}
	return n
}

// A list's button from before buttons named entries by hash names a
// position: pressed, it is refused and the list asked again, and no
// entry is deleted by its place.
func TestPositionalButtonOfAnEntryListIsRefused(t *testing.T) {
	_, svc, engine, _ := dyingDesk(t)
	ctx := t.Context()
	before, err := svc.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := adminChatter(t, svc, &chatter{t: t, engine: engine, account: "test:root"})
	c.command("admin")
	c.press("Delete FAQ article")
	token := c.token(before[0].Title)
	old := token[:strings.LastIndex(token, ":")+1] + "0"
	resp := c.send(talk.Input{Kind: talk.KindButton, Token: old})
	after, err := svc.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("a positional button deleted an article: %v, was %v (answered %q)", titles(after), titles(before), text(resp))
	}
	if !strings.Contains(text(resp), "choose") {
		t.Errorf("the press answered %q, want to choose again", text(resp))
	}
	c.token(before[0].Title) // the list is asked again
}
