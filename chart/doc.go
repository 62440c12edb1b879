// Package chart draws the supervisors' weekly pictures from a desk.Week:
// the days (reported, closed, the backlog and the wait until a claim) and
// the buildings and problem types reported most. It is the one home of
// the plotting library; what it returns is PNG bytes, which the desk
// keeps as photos and every chat platform sends as it sends any other.
//
// Chinese labels need a font with Chinese glyphs, which the plotting
// library does not carry: New looks for one on the machine, and without
// one the pictures are drawn with English labels.
package chart
