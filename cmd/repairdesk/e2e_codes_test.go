package main

import (
	"bytes"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
)

// TestTelegramRoomCodes: an admin makes room codes on Telegram and gets
// the sheet as a photo whose codes read back as the bot's t.me links; a
// newcomer and a registered requester who open one (Telegram sends the
// bot "/start <payload>") land in a report at that room.
func TestTelegramRoomCodes(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	tg := tgPeople(t, srv)
	root, amy, bo := tg(900, "Root"), tg(102, "Amy"), tg(103, "Bo")
	env := telegramEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	startDesk(t, env)
	register(root, root.phone(), "Campus")
	register(bo, bo.phone(), "Library")

	root.command("admin", "Administration:")
	root.press("🏷 Room codes", "which zone?")
	root.press("A区 North", "which building?")
	root.press("A2 图书馆 Library", "which rooms?")
	root.say("1-0", "not clear")
	n := root.seen()
	root.say("101-102, 10a", "3 codes")
	root.expect(n, "The links in the codes:")

	var sheet []byte
	for _, m := range srv.MessagesTo(root.user.ID)[n:] {
		if len(m.Photo) > 0 {
			sheet = m.Photo
		}
	}
	if sheet == nil {
		t.Fatalf("no sheet sent as a photo:\n%s", srv.Transcript(root.user.ID))
	}
	img, err := png.Decode(bytes.NewReader(sheet))
	if err != nil {
		t.Fatalf("the sheet is not a PNG: %v", err)
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	read, err := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	var links []string
	for _, r := range read {
		links = append(links, r.GetText())
	}
	slices.Sort(links)
	base := "https://t.me/" + srv.Bot.Username + "?start="
	if want := []string{base + "at-cfeaf97184-101", base + "at-cfeaf97184-102", base + "at-cfeaf97184-10a"}; err != nil || !slices.Equal(links, want) {
		t.Fatalf("the sheet's codes read %q (%v), want %q", links, err, want)
	}

	// Telegram opens a t.me link as "/start <payload>" from the person.
	payload := func(link string) string { return strings.TrimPrefix(link, base) }
	amy.command("start "+payload(links[1]), "name?")
	amy.press(amy.name(), "phone")
	amy.sharePhone(amy.phone(), "department")
	n = amy.seen()
	amy.say("Library", "registered")
	amy.expect(n, "Reporting at A2 图书馆 Library 102")
	amy.expect(n, "What kind of problem?")

	n = bo.seen()
	bo.command("start "+payload(links[2]), "Reporting at A2 图书馆 Library 10a")
	// The question comes in a message of its own, after the place.
	bo.expect(n, "What kind of problem?")
	bo.press("电气 Electrical", "title")

	// A code printed before codes named a building by a hash names it
	// by its places in the catalogue, and is still read so.
	n = bo.seen()
	bo.command("start loc-0-1-205", "Reporting at A2 图书馆 Library 205")
	bo.expect(n, "What kind of problem?")
	// A code whose building left the catalogue sends nobody elsewhere:
	// the person is told, and asked for the place.
	n = bo.seen()
	bo.command("start at-0000000000-101", "no longer in the catalogue")
	bo.expect(n, "Which zone?")
}
