package sheet_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"

	"github.com/repairdesk/repairdesk/sheet"
)

// codes makes n codes for rooms 101, 102, …
func codes(n int) []sheet.Code { return codesAt("https://t.me/repairdesk_test_bot?start=loc-0-1-", n) }

func codesAt(prefix string, n int) []sheet.Code {
	out := make([]sheet.Code, n)
	for i := range out {
		room := fmt.Sprint(101 + i)
		out[i] = sheet.Code{Link: prefix + room, Label: room}
	}
	return out
}

// decode reads every QR code on a sheet with an independent reader (a
// port of ZXing), as a phone would.
func decode(t *testing.T, data []byte) (image.Image, []string) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no code read: %v", err)
	}
	var got []string
	for _, r := range res {
		got = append(got, r.GetText())
	}
	slices.Sort(got)
	return img, got
}

func TestRenderDecodes(t *testing.T) {
	p := sheet.New(sheet.SystemFonts...)
	// The longest link: a bot name of 32 letters, zone and building in
	// two digits, a room of 16.
	long := "https://t.me/" + strings.Repeat("b", 32) + "?start=loc-12-34-" + strings.Repeat("r", 13)
	for name, cs := range map[string][]sheet.Code{
		"one": codes(1), "seven": codes(7), "full": codes(sheet.MaxCodes),
		"full-long-links": codesAt(long, sheet.MaxCodes), "web": codesAt("http://127.0.0.1:8080/?start=loc-0-1-", 12),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := p.Render(sheet.Sheet{Title: "A2 图书馆 Library", Codes: cs})
			if err != nil {
				t.Fatal(err)
			}
			img, got := decode(t, data)
			var want []string
			for _, c := range cs {
				want = append(want, c.Link)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("read %d codes, want %d:\ngot  %q\nwant %q", len(got), len(want), got, want)
			}
			// Telegram scales a photo down to 2560 px on its longer
			// side; the sheet stays within it so that nothing is lost.
			if b := img.Bounds(); b.Dx() > 2560 || b.Dy() > 2560 {
				t.Errorf("sheet is %v, larger than a Telegram photo keeps", b.Size())
			}
		})
	}
}

func TestRenderRefuses(t *testing.T) {
	p := sheet.New()
	if _, err := p.Render(sheet.Sheet{Title: "x", Codes: codes(sheet.MaxCodes + 1)}); !errors.Is(err, sheet.ErrTooMany) {
		t.Errorf("%d codes: got %v, want ErrTooMany", sheet.MaxCodes+1, err)
	}
	if _, err := p.Render(sheet.Sheet{Title: "x"}); err == nil {
		t.Error("no codes: got no error")
	}
}

func TestCanWrite(t *testing.T) {
	bare := sheet.New("no/such/font.ttc")
	for s, want := range map[string]bool{"101": true, "Library 3-12": true, "A2 图书馆": false} {
		if got := bare.CanWrite(s); got != want {
			t.Errorf("without a CJK font, CanWrite(%q) = %v, want %v", s, got, want)
		}
	}
	var found string
	for _, f := range sheet.SystemFonts {
		if _, err := os.Stat(f); err == nil {
			found = f
			break
		}
	}
	if found == "" {
		t.Skip("no CJK font on this machine (apt-get install fonts-wqy-microhei)")
	}
	if p := sheet.New(found); !p.CanWrite("A2 图书馆 Library") {
		t.Errorf("with %s, Chinese cannot be written", found)
	}
}

// Without a font for it, text is written with question marks rather
// than failing: the sheet still prints, and its codes still read.
func TestRenderWithoutFont(t *testing.T) {
	cs := codes(2)
	data, err := sheet.New().Render(sheet.Sheet{Title: "A2 图书馆", Codes: cs})
	if err != nil {
		t.Fatal(err)
	}
	if _, got := decode(t, data); len(got) != len(cs) {
		t.Errorf("read %d codes, want %d", len(got), len(cs))
	}
}
