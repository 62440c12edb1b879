package conversation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/sheet"
	"github.com/repairdesk/repairdesk/talk"
)

// codeSteps: printable room codes: which zone and building, which rooms,
// then a sheet of codes, each opening a report at its room (cmdStart).
func codeSteps() map[string]step {
	return map[string]step{
		"code_zone": {
			ask: func(t *turn) talk.Message {
				return t.question("admin.codes_zone", t.options(zoneNames(t.Catalog()), 2))
			},
			take: func(t *turn) (string, error) {
				z, err := t.picked(zoneNames(t.Catalog()))
				if err != nil {
					return "", err
				}
				t.s.Draft.Zone = z
				return "code_building", nil
			},
		},
		"code_building": {
			ask: func(t *turn) talk.Message {
				z, _ := t.Catalog().Zone(t.s.Draft.Zone)
				return t.question("admin.codes_building", t.options(z.Buildings, 2), t.s.Draft.Zone)
			},
			take: func(t *turn) (string, error) {
				z, _ := t.Catalog().Zone(t.s.Draft.Zone)
				b, err := t.picked(z.Buildings)
				if err != nil {
					return "", err
				}
				t.s.Draft.Choice = b
				return "code_rooms", nil
			},
		},
		"code_rooms": {
			ask: func(t *turn) talk.Message {
				return t.question("admin.codes_rooms", nil, t.s.Draft.Choice, sheet.MaxCodes)
			},
			take: (*turn).takeRooms,
		},
	}
}

// takeRooms reads the rooms and sends the sheet: the photo, then the
// links as text, which a person can also tap or copy.
func (t *turn) takeRooms() (string, error) {
	if !t.user.Is(desk.RoleAdmin) {
		// The flow began while they were an admin; the sheet is made now.
		return "", &desk.Error{Kind: desk.ErrForbidden, Msg: "err.forbidden"}
	}
	if t.in.StartLink == "" {
		t.endFlow()
		t.say("admin.codes_no_link")
		return "", nil
	}
	text, err := t.textAnswer(2000, true)
	if err != nil {
		return "", err
	}
	rooms, err := parseRooms(text, sheet.MaxCodes)
	if err != nil {
		return "", err
	}
	zi, bi, ok := t.buildingAt(t.s.Draft.Zone, t.s.Draft.Choice)
	if !ok {
		t.say("admin.codes_gone")
		return "code_zone", nil
	}
	printer := t.e.printer()
	place := t.s.Draft.Zone + " · " + t.s.Draft.Choice
	s := sheet.Sheet{Title: place}
	if !printer.CanWrite(place) {
		// The codes still work; only the title is written another way.
		s.Title = fmt.Sprintf("Zone %d / Building %d", zi+1, bi+1)
	}
	var links strings.Builder
	links.WriteString(t.T("admin.codes_links"))
	for _, room := range rooms {
		link := t.in.StartLink + roomCode(t.s.Draft.Zone, t.s.Draft.Choice, room)
		s.Codes = append(s.Codes, sheet.Code{Link: link, Label: room})
		fmt.Fprintf(&links, "\n%s — %s", room, link)
	}
	png, err := printer.Render(s)
	if err != nil {
		return "", fmt.Errorf("room codes for %s: %w", place, err)
	}
	id, err := t.svc().PutPhoto(t.ctx, png, "image/png")
	if err != nil {
		return "", fmt.Errorf("store the room codes of %s: %w", place, err)
	}
	t.acted = true
	t.endFlow()
	t.send(talk.Message{Text: t.T("admin.codes_sheet", place, len(rooms)), Photos: []string{id}})
	t.send(talk.Message{Text: links.String()})
	if s.Title != place {
		t.say("admin.codes_no_font", s.Title, place)
	}
	if t.in.Platform == "web" {
		t.say("admin.codes_web", strings.TrimSuffix(strings.TrimSuffix(t.in.StartLink, "?start="), "/"))
	}
	return "", nil
}

// buildingAt finds a building's place in the catalogue: whether it is
// there, and its numbers for a sheet's title that cannot be written in
// the printer's font.
func (t *turn) buildingAt(zone, building string) (zi, bi int, ok bool) {
	c := t.Catalog()
	zi = slices.IndexFunc(c.Zones, func(z desk.Zone) bool { return z.Name == zone })
	if zi < 0 {
		return 0, 0, false
	}
	bi = slices.Index(c.Zones[zi].Buildings, building)
	return zi, bi, bi >= 0
}
