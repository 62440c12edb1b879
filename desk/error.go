package desk

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error the Service returns matches one of them with
// errors.Is, so that adapters can decide how to answer without parsing text.
var (
	// ErrNotFound: no ticket, user or article has the given id.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the thing changed underneath (someone else was faster),
	// or the action does not fit its current state.
	ErrConflict = errors.New("conflict")
	// ErrForbidden: the actor's role does not allow the action.
	ErrForbidden = errors.New("forbidden")
	// ErrInvalid: the input breaks a rule (empty, too long, end before start).
	ErrInvalid = errors.New("invalid input")
	// ErrTooSoon: the action is allowed later (urging, report limit).
	ErrTooSoon = errors.New("too soon")
)

// Error pairs a message that is safe to show the person with the cause that
// is logged. Msg is a message key (see package conversation's catalogue) and
// Args its arguments, so the person reads it in their own language.
type Error struct {
	Kind error  // one of the sentinels above
	Msg  string // message key, e.g. "err.already_claimed"
	Args []any  // arguments for the message
	Err  error  // underlying cause, may be nil
}

func (e *Error) Error() string {
	s := e.Kind.Error() + ": " + e.Msg
	if len(e.Args) > 0 {
		s += fmt.Sprint(e.Args)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is makes errors.Is(err, ErrConflict) true for an *Error of that kind.
func (e *Error) Is(target error) bool { return e.Kind == target }

func (e *Error) Unwrap() error { return e.Err }

// errorf builds an *Error of a kind with a message key.
func errorf(kind error, msg string, args ...any) *Error {
	return &Error{Kind: kind, Msg: msg, Args: args}
}

// MessageOf returns the message key and arguments of err, or a generic key
// when err carries none, so adapters never show a raw error to a person.
func MessageOf(err error) (string, []any) {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg, e.Args
	}
	switch {
	case errors.Is(err, ErrNotFound):
		return "err.not_found", nil
	case errors.Is(err, ErrForbidden):
		return "err.forbidden", nil
	case errors.Is(err, ErrConflict):
		return "err.conflict", nil
	}
	return "err.internal", nil
}
