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
// than newlines are removed: they only ever come from pasting by mistake.
// The text is kept as typed otherwise: something that looks like a query
// operator is just text to the desk, and the store keeps it literally.
func CleanText(s string, limit int, required bool) (string, error) {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
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

// CleanPhone accepts a phone number with the usual separators.
func CleanPhone(s string) (string, error) {
	s = strings.TrimSpace(s)
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
