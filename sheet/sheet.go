package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

// MaxCodes is the most codes one sheet takes: beyond it the codes would
// have to shrink below what a phone reads from a door at arm's length.
const MaxCodes = 60

// Sheet is what to print: a title and the codes.
type Sheet struct {
	Title string
	Codes []Code
}

// Code is one QR code: the link it opens and the label written under it.
type Code struct {
	Link  string
	Label string
}

// The grid, in pixels. A module of 6 px prints at about 1 mm on A4 at
// 150 dpi, so a code of 33 to 37 modules is 3.5 to 4 cm wide: large
// enough for any phone camera. A full sheet takes smaller modules, down
// to minModule, to stay within maxSide.
const (
	maxModule = 6
	minModule = 4
	// maxSide is the longest side Telegram keeps of a photo; a larger
	// sheet would be scaled down by it, blurring the modules.
	maxSide = 2560
	quiet   = 4 // modules of white around a code, as the standard asks
	margin  = 40
	labelH  = 44
	titleH  = 90
	cellGap = 8
)

// ErrTooMany is returned for a sheet of more than MaxCodes codes.
var ErrTooMany = fmt.Errorf("sheet: more than %d codes", MaxCodes)

// Render draws s as a PNG. Labels p cannot write (CanWrite) are drawn as
// question marks; the caller decides what to write instead.
func (p *Printer) Render(s Sheet) ([]byte, error) {
	if len(s.Codes) == 0 {
		return nil, errors.New("sheet: no codes")
	}
	if len(s.Codes) > MaxCodes {
		return nil, ErrTooMany
	}
	codes := make([]barcode.Barcode, len(s.Codes))
	side := 0 // modules of the largest code: every cell takes it, so the grid is even
	for i, c := range s.Codes {
		// Level M restores 15% of the code: a scuffed or sun-faded
		// sticker still reads.
		bc, err := qr.Encode(c.Link, qr.M, qr.Auto)
		if err != nil {
			return nil, fmt.Errorf("sheet: encode %q: %w", c.Link, err)
		}
		codes[i] = bc
		side = max(side, bc.Bounds().Dx())
	}
	title := p.text(s.Title, titleSize)
	g := fit(len(codes), side, title.Rect.Dx())
	img := image.NewGray(image.Rect(0, 0, g.width, g.height))
	fill(img, img.Bounds(), color.Gray{Y: 0xff})
	paste(img, title, (g.width-title.Rect.Dx())/2, margin+(titleH-title.Rect.Dy())/2-10)
	left := (g.width - (g.cols*(g.cell+cellGap) - cellGap)) / 2
	for i, bc := range codes {
		x := left + (i%g.cols)*(g.cell+cellGap)
		y := margin + titleH + (i/g.cols)*(g.cell+labelH+cellGap)
		outline(img, image.Rect(x, y, x+g.cell, y+g.cell+labelH))
		off := (g.cell - (bc.Bounds().Dx()+2*quiet)*g.module) / 2
		drawCode(img, bc, g.module, x+off+quiet*g.module, y+off+quiet*g.module)
		label := p.text(s.Codes[i].Label, labelSize)
		paste(img, label, x+(g.cell-label.Rect.Dx())/2, y+g.cell-quiet*g.module/2+(labelH-label.Rect.Dy())/2-4)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("sheet: png: %w", err)
	}
	return buf.Bytes(), nil
}

// grid is a sheet's layout in pixels.
type grid struct {
	module, cell, cols, width, height int
}

// fit lays out n codes of side modules under a title titleW px wide: the
// largest module that keeps the sheet within maxSide, in as many columns
// as make it about as tall, for its width, as a page of A4 (1 : 1.41).
func fit(n, side, titleW int) grid {
	var g grid
	for g.module = maxModule; ; g.module-- {
		g.cell = (side + 2*quiet) * g.module
		g.cols = min(max(int(math.Round(math.Sqrt(float64(n)*float64(g.cell+labelH)/(1.41*float64(g.cell))))), 1), n)
		rows := (n + g.cols - 1) / g.cols
		g.width = max(g.cols*(g.cell+cellGap)-cellGap, titleW) + 2*margin
		g.height = margin + titleH + rows*(g.cell+labelH+cellGap) - cellGap + margin
		if g.module == minModule || max(g.width, g.height) <= maxSide {
			return g
		}
	}
}

// drawCode draws bc's modules, module px each, from (x, y).
func drawCode(img *image.Gray, bc barcode.Barcode, module, x, y int) {
	b := bc.Bounds()
	for my := b.Min.Y; my < b.Max.Y; my++ {
		for mx := b.Min.X; mx < b.Max.X; mx++ {
			if r, _, _, _ := bc.At(mx, my).RGBA(); r < 0x8000 {
				px := x + (mx-b.Min.X)*module
				py := y + (my-b.Min.Y)*module
				fill(img, image.Rect(px, py, px+module, py+module), color.Gray{})
			}
		}
	}
}

func fill(img *image.Gray, r image.Rectangle, c color.Gray) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetGray(x, y, c)
		}
	}
}

// outline draws a light dotted line around a cell, to cut along: light
// enough that no reader mistakes it for part of a code.
func outline(img *image.Gray, r image.Rectangle) {
	c := color.Gray{Y: 0xc8}
	for x := r.Min.X; x < r.Max.X; x += 4 {
		img.SetGray(x, r.Min.Y, c)
		img.SetGray(x, r.Max.Y-1, c)
	}
	for y := r.Min.Y; y < r.Max.Y; y += 4 {
		img.SetGray(r.Min.X, y, c)
		img.SetGray(r.Max.X-1, y, c)
	}
}

// paste draws src (black text on white) onto img at (x, y), darkening only.
func paste(img *image.Gray, src *image.Gray, x, y int) {
	b := src.Bounds()
	for sy := b.Min.Y; sy < b.Max.Y; sy++ {
		for sx := b.Min.X; sx < b.Max.X; sx++ {
			p := image.Pt(x+sx-b.Min.X, y+sy-b.Min.Y)
			if !p.In(img.Bounds()) {
				continue
			}
			if v := src.GrayAt(sx, sy).Y; v < img.GrayAt(p.X, p.Y).Y {
				img.SetGray(p.X, p.Y, color.Gray{Y: v})
			}
		}
	}
}
