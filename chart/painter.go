package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"log/slog"
	"strings"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
)

// The pictures' sizes in pixels. Both fit a phone held either way and
// stay far below the platforms' limits for a photo.
var (
	WeekSize = image.Point{X: 1280, Y: 1000}
	TopSize  = image.Point{X: 1280, Y: 900}
)

// dpi sets how large text and lines are on the pictures: at 120 a 12 pt
// label is 20 pixels tall, readable when a chat shrinks the picture.
const dpi = 120

// Picture is one PNG picture.
type Picture struct {
	Name string // a file name, "week.png"
	PNG  []byte
}

// Painter draws the weekly pictures. It is safe for concurrent use.
type Painter struct {
	// cjk is the font cache with a Chinese font, nil without one.
	cjk *font.Cache
	// mu: one picture at a time. Drawing is rare and takes a few tens of
	// megabytes; a burst of /chart must not take that many times over.
	mu sync.Mutex
}

// New returns a Painter with the first Chinese font found at paths, or at
// FontPaths when none are given. Without one, pictures asked for in
// Chinese are drawn with English labels; logger says so once, here.
func New(logger *slog.Logger, paths ...string) *Painter {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if len(paths) == 0 {
		paths = FontPaths
	}
	for _, path := range paths {
		f, err := loadFont(path)
		if err == nil {
			logger.Debug("chart font", "path", path)
			return &Painter{cjk: cjkCache(f)}
		}
		if !errors.Is(err, fs.ErrNotExist) {
			logger.Warn("chart font not usable", "path", path, "err", err)
		}
	}
	logger.Warn("no Chinese font found: charts are drawn with English labels",
		"looked_in", strings.Join(paths, ", "),
		"fix", "install one (Debian, Ubuntu: apt-get install fonts-wqy-microhei) or set CHART_FONT to a .ttf, .otf or .ttc file")
	return &Painter{}
}

// Lang is the language the labels are drawn in when lang is asked for:
// English for Chinese without a Chinese font.
func (p *Painter) Lang(lang string) string {
	if lang == i18n.Zh && p.cjk != nil {
		return i18n.Zh
	}
	return i18n.En
}

// Week draws the week's pictures with labels in lang (see Lang): the days,
// and, when anything was reported, the top buildings and problem types.
func (p *Painter) Week(w desk.Week, lang string) ([]Picture, error) {
	if len(w.Days) == 0 {
		return nil, errors.New("chart: a week without days")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.style(p.Lang(lang))
	days, err := render(WeekSize, st.weekPlots(w))
	if err != nil {
		return nil, fmt.Errorf("chart of the days: %w", err)
	}
	pics := []Picture{{Name: "week.png", PNG: days}}
	if w.Opened() == 0 {
		return pics, nil
	}
	top, err := render(TopSize, st.topPlots(w))
	if err != nil {
		return nil, fmt.Errorf("chart of the buildings: %w", err)
	}
	return append(pics, Picture{Name: "top.png", PNG: top}), nil
}

// style is how one picture's text is drawn: in which language and font.
type style struct {
	lang    string
	face    font.Font
	handler text.Handler
	fonts   *font.Cache
}

func (p *Painter) style(lang string) style {
	if p.cjk != nil {
		// The Chinese font writes Latin letters too, and the catalogue's
		// names are in both scripts: it draws every label, English ones
		// included.
		return style{lang: lang, face: font.Font{Typeface: cjkTypeface}, handler: text.Plain{Fonts: p.cjk}, fonts: p.cjk}
	}
	return style{lang: lang, face: font.Font{Typeface: "Liberation", Variant: "Sans"},
		handler: text.Plain{Fonts: font.DefaultCache}, fonts: font.DefaultCache}
}

func (s style) T(key string, args ...any) string { return i18n.T(s.lang, key, args...) }

// text sets a text style to this font at size points.
func (s style) text(ts *text.Style, size vg.Length) {
	ts.Font = font.Font{Typeface: s.face.Typeface, Variant: s.face.Variant, Size: size}
	ts.Handler = s.handler
}

// plot returns an empty plot whose every text is in this style.
func (s style) plot(title string) *plot.Plot {
	p := plot.New()
	p.TextHandler = s.handler
	p.Title.Text = title
	s.text(&p.Title.TextStyle, 15)
	p.Title.Padding = vg.Points(8)
	s.text(&p.X.Label.TextStyle, 12)
	s.text(&p.Y.Label.TextStyle, 12)
	s.text(&p.X.Tick.Label, 11)
	s.text(&p.Y.Tick.Label, 11)
	s.text(&p.Legend.TextStyle, 11)
	return p
}

// drawable is name with the characters the font cannot draw left out
// (the Chinese half of a bilingual catalogue name, without a Chinese
// font), so that no label shows empty boxes; a name with nothing left is
// kept as it is.
func (s style) drawable(name string) string {
	face := s.fonts.Lookup(s.face, 11).Face
	if face == nil || hasGlyphs(face, name) {
		return name
	}
	var kept []rune
	for _, r := range name {
		if hasGlyphs(face, string(r)) {
			kept = append(kept, r)
		}
	}
	if out := strings.Join(strings.Fields(string(kept)), " "); out != "" {
		return out
	}
	return name
}

// render draws plots stacked top to bottom, with the share of the height
// each asks for, their data areas aligned left and right, and encodes the
// picture as PNG.
func render(size image.Point, panels []panel) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(px(size.X), px(size.Y)), vgimg.UseDPI(dpi))
	dc := draw.New(c)
	margin := vg.Points(12)
	area := draw.Crop(dc, margin, -margin, margin, -margin)
	total := 0.0
	for _, p := range panels {
		total += p.share
	}
	canvases := make([]draw.Canvas, len(panels))
	top := area.Max.Y
	height := area.Max.Y - area.Min.Y
	for i, p := range panels {
		h := vg.Length(p.share/total) * height
		canvases[i] = draw.Canvas{Canvas: dc, Rectangle: vg.Rectangle{
			Min: vg.Point{X: area.Min.X, Y: top - h}, Max: vg.Point{X: area.Max.X, Y: top}}}
		if i > 0 {
			canvases[i].Max.Y -= margin // a gap between panels
		}
		top -= h
	}
	alignX(panels, canvases)
	for i, p := range panels {
		p.plot.Draw(canvases[i])
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, c.Image()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// panel is one plot of a picture and its share of the height.
type panel struct {
	plot  *plot.Plot
	share float64
}

// alignX narrows the canvases so that every panel's data area starts and
// ends at the same x, whatever the width of its axis labels: the days of
// stacked panels line up.
func alignX(panels []panel, cs []draw.Canvas) {
	var left, right vg.Length
	for i, p := range panels {
		d := p.plot.DataCanvas(cs[i])
		left = max(left, d.Min.X-cs[i].Min.X)
		right = max(right, cs[i].Max.X-d.Max.X)
	}
	for i, p := range panels {
		d := p.plot.DataCanvas(cs[i])
		cs[i].Min.X += left - (d.Min.X - cs[i].Min.X)
		cs[i].Max.X -= right - (cs[i].Max.X - d.Max.X)
	}
}

// px is a length of n pixels at the pictures' resolution.
func px(n int) vg.Length { return vg.Length(n) * vg.Inch / dpi }
