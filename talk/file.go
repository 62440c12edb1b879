package talk

import (
	"context"
	"io"
)

// File is a file a message carries, such as an export in CSV. The
// message holds what to make, not the bytes: the adapter that sends it
// has it made then (FileMaker), written for the person it is sent to, so
// a message kept with a session and sent again after a crash sends the
// file again rather than a copy kept somewhere.
type File struct {
	// Name is the file's name as the person sees it:
	// "tickets-2026-11-01-2026-11-30.csv".
	Name string `json:"name" bson:"name"`
	// Ref says what to make, in the desk's words ("export:2026-11-01
	// 2026-11-30"); only FileMaker reads it.
	Ref string `json:"ref" bson:"ref"`
	// Failed is said to the person, in their language, when the file
	// cannot be made or sent.
	Failed string `json:"failed,omitempty" bson:"failed,omitempty"`
}

// FileMaker makes the files of the desk's messages. The dialogue engine
// is one.
type FileMaker interface {
	// WriteFile writes f's content for the person behind account, who
	// must still be allowed it: a button or a link is no authority. It
	// fails before writing anything when they are not.
	WriteFile(ctx context.Context, account string, f File, w io.Writer) error
}
