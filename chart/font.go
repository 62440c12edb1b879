package chart

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
)

// FontPaths are where the usual Chinese fonts are installed on Debian and
// Ubuntu (fonts-wqy-microhei, fonts-wqy-zenhei, fonts-noto-cjk), other
// Linux distributions, macOS and Windows; the first that loads is used.
var FontPaths = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
	"/System/Library/Fonts/STHeiti Medium.ttc",
	"/Library/Fonts/Arial Unicode.ttf",
	`C:\Windows\Fonts\msyh.ttc`,
	`C:\Windows\Fonts\simhei.ttf`,
}

// cjkTypeface names the loaded Chinese font in the pictures' font cache.
const cjkTypeface font.Typeface = "CJK"

// errNoGlyphs: the file is a font, but not one that writes Chinese.
var errNoGlyphs = errors.New("no Chinese glyphs")

// loadFont reads a TrueType or OpenType font, or the first font of a
// collection (.ttc), and checks that it has Chinese glyphs.
func loadFont(path string) (*opentype.Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// The font parser wants every table on a 4-byte boundary, which the
	// WenQuanYi fonts, among others, do not keep: the font is laid out
	// afresh first, which also turns the first font of a collection into
	// a font of its own.
	aligned, err := realign(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	f, err := opentype.Parse(aligned)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	if !hasGlyphs(f, "报修工单周一") {
		return nil, fmt.Errorf("font %s: %w", path, errNoGlyphs)
	}
	return f, nil
}

// realign returns the font in data (the first one, for a collection) as a
// font file of its own whose tables each start on a 4-byte boundary. The
// tables' checksums are kept: padding with zeros changes none of them.
func realign(data []byte) ([]byte, error) {
	errBad := errors.New("not a font file, or a damaged one")
	u32 := func(at int) (uint32, bool) {
		if at < 0 || at+4 > len(data) {
			return 0, false
		}
		return binary.BigEndian.Uint32(data[at:]), true
	}
	start := 0
	if string(data[:min(len(data), 4)]) == "ttcf" {
		first, ok := u32(12)
		if !ok {
			return nil, errBad
		}
		start = int(first)
	}
	if start+12 > len(data) {
		return nil, errBad
	}
	n := int(binary.BigEndian.Uint16(data[start+4:]))
	dir := start + 12
	if n == 0 || dir+16*n > len(data) {
		return nil, errBad
	}
	out := make([]byte, 12+16*n, len(data)-start)
	copy(out, data[start:start+12])
	for i := range n {
		rec := dir + 16*i
		off, _ := u32(rec + 8)
		length, _ := u32(rec + 12)
		if int(off)+int(length) > len(data) || int(off)+int(length) < int(off) {
			return nil, errBad
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		copy(out[12+16*i:], data[rec:rec+8]) // tag and checksum
		binary.BigEndian.PutUint32(out[12+16*i+8:], uint32(len(out)))
		binary.BigEndian.PutUint32(out[12+16*i+12:], length)
		out = append(out, data[off:off+length]...)
	}
	return out, nil
}

// hasGlyphs reports whether f draws every rune of s.
func hasGlyphs(f *sfnt.Font, s string) bool {
	var buf sfnt.Buffer
	for _, r := range s {
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			return false
		}
	}
	return true
}

// cjkCache is a font cache holding the one Chinese face, for every weight
// and style the plots ask for: lookups of a missing weight fall back to
// the regular one.
func cjkCache(f *opentype.Font) *font.Cache {
	return font.NewCache(font.Collection{{
		Font: font.Font{Typeface: cjkTypeface, Style: xfont.StyleNormal, Weight: xfont.WeightNormal},
		Face: f,
	}})
}
