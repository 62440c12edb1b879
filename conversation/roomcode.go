package conversation

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
)

// A room's printed code is a start payload naming its building and room:
//
//	at-<ref>[-<room>]         ref: a hash of the zone's and building's names
//	loc-<zone>-<building>[-<room>]  positions in the catalogue (older codes)
//
// Codes hang on doors for years, while the catalogue changes under them.
// A position named the building in that place of the list, so removing or
// moving any zone or building sent older codes to another place; they are
// still read, and still follow the positions. A hash names one building
// for good: removing or renaming it leaves its codes naming nothing, and
// the person is told so and asked for the place, never sent to another.

// roomCode is the start payload of a room's code.
func roomCode(zone, building, room string) string {
	code := "at-" + buildingRef(zone, building)
	if room != "" {
		code += "-" + room
	}
	return code
}

// buildingRef names a building in a code: five bytes of a hash, ten hex
// digits, tell apart any campus's buildings and leave the room most of
// Telegram's 64 letters of a start payload.
func buildingRef(zone, building string) string {
	sum := sha256.Sum256([]byte(zone + "\x00" + building))
	return hex.EncodeToString(sum[:5])
}

// readRoomCode reads a start payload: isCode is false if it is not a
// room's code; found is false for a code naming no building of c.
func readRoomCode(c desk.Catalog, p string) (loc desk.Location, isCode, found bool) {
	parts := strings.Split(p, "-")
	var rest []string
	switch {
	case len(parts) >= 2 && parts[0] == "at":
		for _, z := range c.Zones {
			for _, b := range z.Buildings {
				if buildingRef(z.Name, b) == parts[1] {
					loc, found = desk.Location{Zone: z.Name, Building: b}, true
				}
			}
		}
		rest = parts[2:]
	case len(parts) >= 3 && parts[0] == "loc":
		zi, bi := atoiOr(parts[1], -1), atoiOr(parts[2], -1)
		if zi >= 0 && zi < len(c.Zones) && bi >= 0 && bi < len(c.Zones[zi].Buildings) {
			loc, found = desk.Location{Zone: c.Zones[zi].Name, Building: c.Zones[zi].Buildings[bi]}, true
		}
		rest = parts[3:]
	default:
		return desk.Location{}, false, false
	}
	if found && len(rest) > 0 {
		if room, err := desk.CleanText(strings.Join(rest, "-"), desk.MaxShort, false); err == nil {
			loc.Room = room
		}
	}
	return loc, true, found
}
