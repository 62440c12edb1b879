package sheet

import (
	"image"
	"image/color"
	"os"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Printer draws sheets. ASCII text is written in the fixed font that
// basicfont carries, scaled up, so that codes print the same on every
// machine; other text needs a CJK font from the machine (New).
type Printer struct {
	cjk *sfnt.Font // nil when none could be read
}

// SystemFonts are where Debian's CJK font packages put their fonts
// (fonts-wqy-microhei, fonts-wqy-zenhei, fonts-noto-cjk,
// fonts-droid-fallback), most compact first.
var SystemFonts = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
}

// New returns a Printer that writes non-ASCII text with the first of
// fontFiles that can be read and has Chinese in it. With none, it writes
// ASCII only (CanWrite).
func New(fontFiles ...string) *Printer {
	for _, path := range fontFiles {
		if f := readFont(path); f != nil {
			return &Printer{cjk: f}
		}
	}
	return &Printer{}
}

// readFont parses the first font of a font file or collection, or
// returns nil when it is missing, broken, or has no Chinese glyphs.
func readFont(path string) *sfnt.Font {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	if data, err = realign(data); err != nil {
		return nil
	}
	f, err := opentype.Parse(data)
	if err != nil || !hasGlyphs(f, "中文") {
		return nil
	}
	return f
}

func hasGlyphs(f *sfnt.Font, s string) bool {
	var buf sfnt.Buffer
	for _, r := range s {
		if r == ' ' {
			continue
		}
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			return false
		}
	}
	return true
}

// CanWrite reports whether p writes s as it is, rather than with
// question marks for what it has no font for.
func (p *Printer) CanWrite(s string) bool {
	return ascii(s) || p.cjk != nil && hasGlyphs(p.cjk, s)
}

func ascii(s string) bool {
	for _, r := range s {
		if r < ' ' || r > '~' {
			return false
		}
	}
	return true
}

// size is how large to write: a scale for the 13 px fixed font, and the
// equivalent height in pixels for a CJK font.
type size struct {
	scale int
	px    float64
}

var (
	titleSize = size{scale: 3, px: 40}
	labelSize = size{scale: 2, px: 28}
)

// text renders s, black on white, in a tight image.
func (p *Printer) text(s string, sz size) *image.Gray {
	s = strings.TrimSpace(s)
	if !ascii(s) && p.CanWrite(s) {
		face, err := opentype.NewFace(p.cjk, &opentype.FaceOptions{Size: sz.px, DPI: 72, Hinting: font.HintingFull})
		if err == nil {
			defer face.Close()
			return render(s, face)
		}
	}
	if !ascii(s) {
		s = strings.Map(func(r rune) rune {
			if r < ' ' || r > '~' {
				return '?'
			}
			return r
		}, s)
	}
	return enlarge(render(s, basicfont.Face7x13), sz.scale)
}

// render draws s with face on a white image just large enough.
func render(s string, face font.Face) *image.Gray {
	m := face.Metrics()
	w := font.MeasureString(face, s).Ceil()
	h := (m.Ascent + m.Descent).Ceil()
	img := image.NewGray(image.Rect(0, 0, max(w, 1), max(h, 1)))
	fill(img, img.Bounds(), color.Gray{Y: 0xff})
	d := font.Drawer{Dst: img, Src: image.Black, Face: face, Dot: fixed.Point26_6{Y: m.Ascent}}
	d.DrawString(s)
	return img
}

// enlarge scales img by n, each pixel a square, so that the fixed
// font's letters stay sharp when printed.
func enlarge(img *image.Gray, n int) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()*n, b.Dy()*n))
	for y := range out.Bounds().Dy() {
		for x := range out.Bounds().Dx() {
			out.SetGray(x, y, img.GrayAt(b.Min.X+x/n, b.Min.Y+y/n))
		}
	}
	return out
}

// System returns the Printer with the machine's CJK font, if it has one
// of SystemFonts. The font is read once, at the first sheet.
var System = sync.OnceValue(func() *Printer { return New(SystemFonts...) })
