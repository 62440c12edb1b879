// Package sheet draws printable sheets of QR codes: one PNG with a title
// at the top and, in a grid, each code with its label written under it.
// A room's code on its door opens a report with the place filled in.
//
// It is the one home of the QR encoder (boombuler/barcode) and of the
// font code (golang.org/x/image); it knows nothing of the desk, only of
// links and labels.
package sheet
