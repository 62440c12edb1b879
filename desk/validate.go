package desk

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on what a person types, in characters. Generous for a fault
// report, small enough that a document never nears MongoDB's 16 MB.
const (
	MaxName        = 40
	MaxShort       = 60   // zone, building, room, problem and repair types
	MaxTitle       = 80   // ticket title
	MaxAddress     = 200  // detailed address
	MaxText        = 2000 // description, reasons, results, replies, comments
	MaxPhotos      = 9    // photos on one report, suspension or completion
	MaxPhotoBytes  = 10 << 20
	maxWindowAhead = 366 * 24 * time.Hour
	MaxPhone       = 32 // characters of a phone number, separators included
)

// CleanText trims s and checks it against a limit. Control characters other
// than newlines and tabs are removed: they only ever come from pasting by
// mistake. So are the invisible characters (see invisible), which would let
// a report read differently from what it says. The text is kept as typed
// otherwise: something that looks like a query operator is just text to the
// desk, and the store keeps it literally.
func CleanText(s string, limit int, required bool) (string, error) {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || invisible(r) {
			return -1
		}
		return r
	}, s)
	// Trimmed after the removal, so that spaces behind an invisible
	// character at either end go too.
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	if s == "" && required {
		return "", errorf(ErrInvalid, "err.empty")
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return "", errorf(ErrInvalid, "err.too_long", limit, n)
	}
	return s, nil
}

// invisible reports whether r is a character that changes how the text
// around it is shown without showing itself: the bidirectional controls
// (embeddings, overrides, isolates and marks, U+202A–U+202E, U+2066–U+2069,
// U+200E, U+200F, U+061C), which can make "gpj.exe" read "exe.jpg", and the
// zero-width characters (U+200B–U+200D, U+2060, U+FEFF), which hide inside
// words. Text written right to left still reads correctly without them.
// The zero-width joiner also glues emoji into one picture (👩‍🔧); without it
// they show side by side, which says the same, so it goes too.
func invisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.Is(unicode.Bidi_Control, r)
}

// CleanPhone accepts a phone number with the usual separators. Invisible
// characters are dropped first: a number copied from a contact card often
// comes wrapped in direction marks.
func CleanPhone(s string) (string, error) {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s))
	if len(s) > MaxPhone {
		// Separators count too: a number is not kilobytes of dashes.
		return "", errorf(ErrInvalid, "err.bad_phone")
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == '-' || r == ' ' || r == '(' || r == ')':
		default:
			return "", errorf(ErrInvalid, "err.bad_phone")
		}
	}
	if digits < 3 || digits > 20 {
		return "", errorf(ErrInvalid, "err.bad_phone")
	}
	return s, nil
}

// CheckWindow validates an expected repair window: both ends or neither,
// the end after the start, and not in the past.
func CheckWindow(w Window, now time.Time) error {
	if w.Start.IsZero() && w.End.IsZero() {
		return nil
	}
	if w.Start.IsZero() || w.End.IsZero() {
		return errorf(ErrInvalid, "err.window_incomplete")
	}
	if !w.End.After(w.Start) {
		return errorf(ErrInvalid, "err.end_before_start")
	}
	if w.End.Before(now) {
		return errorf(ErrInvalid, "err.in_past")
	}
	if w.End.Sub(now) > maxWindowAhead {
		// The end too: a window that never closes is never late.
		return errorf(ErrInvalid, "err.too_far")
	}
	return nil
}

// CleanReport checks every field of a report; the first problem wins.
func CleanReport(r Report, c Catalog, now time.Time) (Report, error) {
	var err error
	fields := []struct {
		p        *string
		limit    int
		required bool
		name     string
	}{
		{&r.Location.Zone, MaxShort, true, "zone"},
		{&r.Location.Building, MaxShort, true, "building"},
		{&r.Location.Room, MaxShort, false, "room"},
		{&r.Location.Address, MaxAddress, false, "address"},
		{&r.ProblemType, MaxShort, true, "problem"},
		{&r.Title, MaxTitle, true, "title"},
		{&r.Description, MaxText, true, "description"},
	}
	for _, f := range fields {
		if *f.p, err = CleanText(*f.p, f.limit, f.required); err != nil {
			e := err.(*Error)
			e.Args = append([]any{f.name}, e.Args...)
			e.Msg += "_field"
			return r, e
		}
	}
	if !c.HasBuilding(r.Location.Zone, r.Location.Building) {
		return r, errorf(ErrInvalid, "err.unknown_building", r.Location.Building)
	}
	if !c.HasProblemType(r.ProblemType) {
		return r, errorf(ErrInvalid, "err.unknown_problem", r.ProblemType)
	}
	if len(r.Photos) > MaxPhotos {
		return r, errorf(ErrInvalid, "err.too_many_photos", MaxPhotos)
	}
	if r.Contact, err = CleanPhone(r.Contact); err != nil {
		return r, err
	}
	if err := CheckWindow(r.Window, now); err != nil {
		return r, err
	}
	return r, nil
}
