package conversation_test

import (
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

const startLink = "https://t.me/repairdesk_bot?start="

// A room's printed code keeps opening a report at its own building when
// another building is removed before it, and says it names nothing once
// its own building is renamed, asking for the place instead.
func TestRoomCodeFollowsItsBuilding(t *testing.T) {
	_, svc, engine, _ := dyingDesk(t)
	ctx := t.Context()
	cat, err := svc.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	zone, first, building := cat.Zones[0].Name, cat.Zones[0].Buildings[0], cat.Zones[0].Buildings[1]
	root := adminChatter(t, svc, &chatter{t: t, engine: engine, account: "test:root"})
	root.command("admin")
	sendLinked := func(in talk.Input) talk.Response {
		in.StartLink = startLink
		return root.send(in)
	}
	sendLinked(talk.Input{Kind: talk.KindButton, Token: root.token("Room codes")})
	sendLinked(talk.Input{Kind: talk.KindButton, Token: root.token(zone)})
	sendLinked(talk.Input{Kind: talk.KindButton, Token: root.token(building)})
	sendLinked(talk.Input{Kind: talk.KindText, Text: "101"})
	code := ""
	for _, m := range root.last.Messages {
		if _, link, ok := strings.Cut(m.Text, "101 — "+startLink); ok {
			code, _, _ = strings.Cut(link, "\n")
		}
	}
	if code == "" {
		t.Fatalf("no link for room 101 in %+v", root.last.Messages)
	}
	rootUser, err := svc.Account(ctx, root.account, "en")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.EditCatalog(ctx, rootUser, desk.ListBuildings, zone, first, false); err != nil {
		t.Fatal(err)
	}

	amy := &chatter{t: t, engine: engine, account: "test:amy"}
	register(amy, "Amy", "13800001111")
	at := amy.send(talk.Input{Kind: talk.KindCommand, Command: "start", Text: code})
	if want := "Reporting at " + building + " 101"; text(at) != want {
		t.Errorf("the code %s, after %s was removed, opened %q, want %q", code, first, text(at), want)
	}

	amy.command("cancel")
	if _, err := svc.RenameCatalog(ctx, rootUser, desk.ListBuildings, zone, building, building+" New"); err != nil {
		t.Fatal(err)
	}
	gone := amy.send(talk.Input{Kind: talk.KindCommand, Command: "start", Text: code})
	if len(gone.Messages) != 2 || !strings.Contains(gone.Messages[0].Text, "no longer in the catalogue") ||
		gone.Messages[1].Text != "Which zone?" {
		t.Errorf("the code %s, after its building was renamed, answered %+v, want it gone and the zone asked", code, gone.Messages)
	}
}

// A code printed before codes named their building by hash names it by
// its place in the catalogue, and still opens the building in that place.
func TestOlderRoomCodeFollowsPositions(t *testing.T) {
	_, svc, engine, _ := dyingDesk(t)
	cat, err := svc.Catalog(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	amy := &chatter{t: t, engine: engine, account: "test:amy"}
	register(amy, "Amy", "13800001111")
	at := amy.send(talk.Input{Kind: talk.KindCommand, Command: "start", Text: "loc-1-0-B8"})
	if want := "Reporting at " + cat.Zones[1].Buildings[0] + " B8"; text(at) != want {
		t.Errorf("loc-1-0-B8 opened %q, want %q", text(at), want)
	}
}
