package chart

import (
	"image/color"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/repairdesk/repairdesk/desk"
)

// topPlots are the second picture's panels: the buildings and the problem
// types reported most in the week, as horizontal bars, most on top.
func (s style) topPlots(w desk.Week) []panel {
	return []panel{
		{s.rankPlot(s.T("chart.top_buildings"), w.Buildings, blue), 1},
		{s.rankPlot(s.T("chart.top_problems"), w.Problems, green), 1},
	}
}

func (s style) rankPlot(title string, counts []desk.Count, c color.Color) *plot.Plot {
	p := s.plot(title)
	// A place for every one of TopListed bars whatever the count, most
	// at the top, so that bars are equally thick in both panels and from
	// week to week.
	n := desk.TopListed
	values := make(plotter.Values, n)
	var ticks plot.ConstantTicks
	xy := plotter.XYLabels{XYs: make(plotter.XYs, n), Labels: make([]string, n)}
	for i := range xy.XYs {
		xy.XYs[i].Y = float64(i)
	}
	most := 0
	for i, cnt := range counts[:min(len(counts), n)] {
		at := n - 1 - i
		values[at] = float64(cnt.N)
		ticks = append(ticks, plot.Tick{Value: float64(at), Label: s.drawable(cnt.Name)})
		xy.XYs[at] = plotter.XY{X: float64(cnt.N), Y: float64(at)}
		xy.Labels[at] = strconv.Itoa(cnt.N)
		most = max(most, cnt.N)
	}
	b, _ := plotter.NewBarChart(values, vg.Points(20))
	b.Horizontal, b.Color, b.LineStyle.Width = true, c, 0
	labels, _ := plotter.NewLabels(xy)
	for i := range labels.TextStyle {
		s.text(&labels.TextStyle[i], 11)
		labels.TextStyle[i].YAlign = draw.YCenter
	}
	labels.Offset = vg.Point{X: vg.Points(5)}
	g := plotter.NewGrid()
	g.Horizontal.Color, g.Vertical.Color = nil, grid
	p.Add(g, b, labels)
	p.Y.Tick.Marker = ticks
	p.Y.Tick.Length = 0
	p.Y.Min, p.Y.Max = -0.6, float64(desk.TopListed)-0.4
	p.X.Min, p.X.Max = 0, float64(most)*1.15+0.5
	p.X.Tick.Marker = wholeTicks{}
	return p
}
