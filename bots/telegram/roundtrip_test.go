package telegram_test

import (
	"log/slog"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// maxPressCommands bounds what one button press in a dialogue costs the
// store, in commands, from the update's arrival to its being recorded as
// handled. On the embedded store, whose one connection runs one command
// at a time, round trips are what a busy desk waits for. Three inserts:
// the update kept, and, once handled, the session's new version and the
// update recorded as seen, two commands that under load serve every
// update handled within a second. The turn's reads (the person, the
// session, the settings, the catalogue) and the question whether the
// update was seen before are answered from the embedded store's memory;
// the updates handled and the versions of sessions replaced leave the
// store in bulk deletes, once they are many.
const maxPressCommands = 3

// The store commands of one button press in a dialogue, as the adapter
// and the desk make them: keeping the update, the turn (the person, the
// session and its write), recording the update as seen and dropping it.
func TestPressRoundTrips(t *testing.T) {
	srv := telegramtest.NewServer(token)
	t.Cleanup(srv.Close)
	r := &rig{t: t, srv: srv, store: repotest.Open(t)}
	ctx := t.Context()
	if _, err := r.store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	svc := desk.NewService(r.store, r.store, r.store, r.store)
	r.start(deskEngine{conversation.New(svc, r.store, logger)})
	dm := telegramtest.Private(alice)
	last := func(want string) telegramtest.Message {
		t.Helper()
		r.waitFor(want, func() bool { return strings.Contains(srv.Last(alice.ID).Text, want) })
		return srv.Last(alice.ID)
	}
	srv.SendCommand(alice, dm, "start", "")
	keep, _ := last("Your name?").Button("Alice Smith")
	srv.Press(alice, srv.Last(alice.ID), keep.Data)
	last("phone number")
	srv.SendContact(alice, dm, "+86 138 0000 0001", alice.ID)
	last("department")
	srv.SendText(alice, dm, "Library")
	last("You are registered")
	srv.SendCommand(alice, dm, "report", "")
	zones := last("Which zone?")
	zone, _ := zones.Button("A区 North")
	// Everything before the press is done once its update has left the
	// inbox.
	r.waitFor("the inbox to empty", func() bool {
		keys, _, err := r.store.Kept(ctx, "telegram")
		return err == nil && len(keys) == 0
	})

	before := r.store.Commands()
	press := srv.Press(alice, zones, zone.Data)
	last("which building?")
	r.waitFor("the press to be recorded as handled", func() bool {
		seen, err := r.store.Seen(ctx, "telegram:update:"+itoa(int(press)))
		return err == nil && seen
	})
	after := r.store.Commands()
	total, by := int64(0), []string{}
	for _, name := range slices.Sorted(maps.Keys(after)) {
		if n := after[name] - before[name]; n > 0 {
			total += n
			by = append(by, name+" "+itoa(int(n)))
		}
	}
	t.Logf("one press: %d commands (%s)", total, strings.Join(by, ", "))
	if total > maxPressCommands {
		t.Errorf("one press cost %d commands (%s), want at most %d", total, strings.Join(by, ", "), maxPressCommands)
	}
}
