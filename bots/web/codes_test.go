package web_test

import (
	"bytes"
	"image/png"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
)

// An admin's room codes in the web chat link to the page, as the browser
// reached it, with the start payload a Telegram code carries; the page
// opened with it starts the report (app.js sends "/start <payload>").
func TestRoomCodes(t *testing.T) {
	s := newSite(t)
	s.say("alex", "", "/admin")
	s.answer("alex", "6") // Room codes
	s.answer("alex", "0") // zone A
	s.answer("alex", "1") // building A2
	s.say("alex", "", "101-102")

	ms := s.messages("alex", "")
	var sheet, links msg
	for _, m := range ms {
		if len(m.Photos) > 0 {
			sheet = m
		}
		if strings.Contains(m.Text, "?start=") {
			links = m
		}
	}
	link := s.srv.URL + "/?start=at-cfeaf97184-101"
	if !strings.Contains(links.Text, link) || !strings.Contains(links.Text, s.srv.URL+"/?start=at-cfeaf97184-102") {
		t.Fatalf("links: %q, want %s and the next room", links.Text, link)
	}
	// The admin is told such codes are for trying the desk: the chat
	// answers on this machine only.
	if note := ms[len(ms)-1].Text; !strings.Contains(note, s.srv.URL) || strings.Contains(note, "?start=") {
		t.Errorf("last message %q, want the note about the web chat's codes", note)
	}
	if len(sheet.Photos) != 1 {
		t.Fatalf("no sheet among %s", dump(ms))
	}
	res, err := http.Get(s.srv.URL + "/photo/" + sheet.Photos[0])
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "image/png" {
		t.Errorf("sheet served as %q", ct)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("sheet: %v", err)
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	read, err := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	var got []string
	for _, r := range read {
		got = append(got, r.GetText())
	}
	slices.Sort(got)
	if want := []string{link, s.srv.URL + "/?start=at-cfeaf97184-102"}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("the sheet's codes read %q, %v; want %q", got, err, want)
	}

	res, err = http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Contains(page, []byte("app.js")) {
		t.Fatalf("the page with a start payload: %d", res.StatusCode)
	}
	s.say("xiaoming", "", "/start at-cfeaf97184-101")
	if got := strings.Join(texts(s.messages("xiaoming", "")), "\n"); !strings.Contains(got, "A2 图书馆 Library 101") {
		t.Errorf("the requester, from the code: %s", got)
	}
}

func texts(ms []msg) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Text
	}
	return out
}
