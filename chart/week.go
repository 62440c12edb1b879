package chart

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
)

// Colours, from a palette that stays apart for the colour-blind.
var (
	blue   = color.RGBA{R: 0x4c, G: 0x78, B: 0xa8, A: 0xff}
	green  = color.RGBA{R: 0x54, G: 0xa2, B: 0x4b, A: 0xff}
	red    = color.RGBA{R: 0xe4, G: 0x57, B: 0x56, A: 0xff}
	grey   = color.RGBA{R: 0x79, G: 0x70, B: 0x6e, A: 0xff}
	purple = color.RGBA{R: 0xb2, G: 0x79, B: 0xa2, A: 0xff}
	grid   = color.RGBA{R: 0xdd, G: 0xdd, B: 0xdd, A: 0xff}
)

// weekPlots are the days picture's panels: reported and closed tickets as
// bars with the backlog as lines above, and below them the median wait
// until a claim.
func (s style) weekPlots(w desk.Week) []panel {
	return []panel{{s.countsPlot(w), 0.64}, {s.claimPlot(w), 0.36}}
}

func (s style) countsPlot(w desk.Week) *plot.Plot {
	first, last := w.Days[0].Date, w.Days[len(w.Days)-1].Date
	p := s.plot(s.T("chart.week_title", shortDate(first), shortDate(last)))
	s.dayAxis(p, w)
	p.Y.Label.Text = s.T("chart.tickets")

	opened, closed := make(plotter.Values, len(w.Days)), make(plotter.Values, len(w.Days))
	backlog, onHold := make(plotter.XYs, len(w.Days)), make(plotter.XYs, len(w.Days))
	most := 0
	for i, d := range w.Days {
		opened[i], closed[i] = float64(d.Opened), float64(d.Closed)
		backlog[i] = plotter.XY{X: float64(i), Y: float64(d.Backlog)}
		onHold[i] = plotter.XY{X: float64(i), Y: float64(d.OnHold)}
		most = max(most, d.Opened, d.Closed, d.Backlog)
	}
	width := vg.Points(22)
	bars := func(v plotter.Values, c color.Color, offset vg.Length) *plotter.BarChart {
		b, _ := plotter.NewBarChart(v, width) // errors only for NaN or infinite values
		b.Color, b.LineStyle.Width, b.Offset = c, 0, offset
		return b
	}
	ob, cb := bars(opened, blue, -width/2), bars(closed, green, width/2)
	bl, bp, _ := plotter.NewLinePoints(backlog)
	bl.Color, bl.Width = red, vg.Points(2.5)
	bp.Color, bp.Shape, bp.Radius = red, circle{}, vg.Points(3.5)
	hl, hp, _ := plotter.NewLinePoints(onHold)
	hl.Color, hl.Width, hl.Dashes = grey, vg.Points(1.5), []vg.Length{vg.Points(5), vg.Points(3)}
	hp.Color, hp.Shape, hp.Radius = grey, circle{}, vg.Points(2.5)

	// The suspended line under the backlog's, which it never exceeds:
	// where they meet, the backlog shows.
	p.Add(horizontalGrid(), ob, cb, hl, hp, bl, bp, s.barLabels(opened, -width/2), s.barLabels(closed, width/2))
	p.Legend.Add(s.T("chart.opened"), ob)
	p.Legend.Add(s.T("chart.closed"), cb)
	p.Legend.Add(s.T("chart.backlog"), bl, bp)
	p.Legend.Add(s.T("chart.on_hold"), hl, hp)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(6), -vg.Points(2)
	p.Legend.Padding = vg.Points(4)
	p.Legend.ThumbnailWidth = vg.Points(24)
	// Headroom above the highest bar or point for the legend's four lines.
	p.Y.Min, p.Y.Max = 0, math.Max(4, float64(most)*1.45)
	p.Y.Tick.Marker = wholeTicks{}
	return p
}

func (s style) claimPlot(w desk.Week) *plot.Plot {
	p := s.plot(s.T("chart.claim_title"))
	s.dayAxis(p, w)
	p.Y.Label.Text = s.T("chart.hours")
	hours := make(plotter.Values, len(w.Days))
	labels := make([]string, len(w.Days))
	most := 0.0
	for i, d := range w.Days {
		hours[i] = d.ClaimMedian.Hours()
		most = max(most, hours[i])
		labels[i] = s.T("chart.none")
		if d.Claimed > 0 {
			labels[i] = i18n.Duration(s.lang, d.ClaimMedian) + " (" + strconv.Itoa(d.Claimed) + ")"
		}
	}
	b, _ := plotter.NewBarChart(hours, vg.Points(36))
	b.Color, b.LineStyle.Width = purple, 0
	p.Add(horizontalGrid(), b, s.labelsAt(hours, labels, 0))
	p.Y.Min, p.Y.Max = 0, math.Max(1, most*1.35)
	p.Y.Tick.Marker = hourTicks{}
	return p
}

// dayAxis labels the x axis with the days, "周一\n3/2", and leaves half a
// day of room at either end for the bars.
func (s style) dayAxis(p *plot.Plot, w desk.Week) {
	ticks := make(plot.ConstantTicks, len(w.Days))
	for i, d := range w.Days {
		ticks[i] = plot.Tick{Value: float64(i), Label: s.T("chart.day."+d.Date.Weekday().String()) + "\n" + shortDate(d.Date)}
	}
	p.X.Tick.Marker = ticks
	p.X.Min, p.X.Max = -0.5, float64(len(w.Days))-0.5
	p.X.Tick.Length = 0
}

// barLabels writes each bar's value above it, leaving out zeros.
func (s style) barLabels(v plotter.Values, offset vg.Length) plot.Plotter {
	labels := make([]string, len(v))
	for i, n := range v {
		if n > 0 {
			labels[i] = strconv.Itoa(int(n))
		}
	}
	return s.labelsAt(v, labels, offset)
}

// labelsAt writes labels centred above the values' bars.
func (s style) labelsAt(v plotter.Values, labels []string, offset vg.Length) plot.Plotter {
	xy := plotter.XYLabels{XYs: make(plotter.XYs, len(v)), Labels: labels}
	for i, n := range v {
		xy.XYs[i] = plotter.XY{X: float64(i), Y: n}
	}
	l, _ := plotter.NewLabels(xy)
	for i := range l.TextStyle {
		s.text(&l.TextStyle[i], 10)
		l.TextStyle[i].XAlign = draw.XCenter
	}
	l.Offset = vg.Point{X: offset, Y: vg.Points(3)}
	return l
}

func horizontalGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal.Color = grid
	return g
}

// shortDate is "3/2": month and day, the same in both languages.
func shortDate(t time.Time) string { return fmt.Sprintf("%d/%d", t.Month(), t.Day()) }

// wholeTicks marks whole numbers only (counts of tickets), at most about
// six of them.
type wholeTicks struct{}

func (wholeTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for (hi-lo)/step > 6 {
		switch {
		case step*2 >= (hi-lo)/6:
			step *= 2
		case step*5 >= (hi-lo)/6:
			step *= 5
		default:
			step *= 10
		}
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.Itoa(int(v))})
	}
	return ticks
}

// hourTicks marks hours at a round step (a quarter of an hour up to two
// days), about four of them, with no unlabelled minor ticks.
type hourTicks struct{}

func (hourTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 48.0
	for _, s := range []float64{0.25, 0.5, 1, 2, 3, 6, 12, 24} {
		if (hi-lo)/s <= 5 {
			step = s
			break
		}
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

// circle is a filled point on a line.
type circle = draw.CircleGlyph
