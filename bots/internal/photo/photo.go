package photo

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/repairdesk/repairdesk/desk"
)

// Why a picture a person sent was not taken. ErrTooBig is told to them as
// such; the others all read "it did not come through".
var (
	ErrNotReceived = errors.New("photo not received")
	ErrTooBig      = errors.New("photo too big")
)

// types are the pictures the desk keeps.
var types = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

// IsImage reports whether mime is a picture the desk keeps and a browser
// shows as one.
func IsImage(mime string) bool { return types[mime] }

// Check returns the type of data, read from the bytes: a file may claim
// to be an image and be anything. Anything but a picture the desk keeps
// is ErrNotReceived, a picture over desk.MaxPhotoBytes ErrTooBig.
func Check(data []byte) (string, error) {
	if len(data) > desk.MaxPhotoBytes {
		return "", ErrTooBig
	}
	mime := http.DetectContentType(data)
	if !IsImage(mime) {
		return "", fmt.Errorf("%w: not an image but %s", ErrNotReceived, mime)
	}
	return mime, nil
}

// Extension names an upload after its type.
func Extension(mime string) string {
	switch mime {
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	}
	return ".jpg"
}

// Buffer is a buffer that refuses to grow past desk.MaxPhotoBytes, so
// that a download cannot fill the memory whatever size the file claimed.
type Buffer struct{ bytes.Buffer }

func (w *Buffer) Write(p []byte) (int, error) {
	if w.Len()+len(p) > desk.MaxPhotoBytes {
		return 0, ErrTooBig
	}
	return w.Buffer.Write(p)
}
