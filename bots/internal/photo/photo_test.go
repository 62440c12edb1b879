package photo

import (
	"bytes"
	"errors"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
)

// The smallest PNG header DetectContentType recognises.
var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func TestCheck(t *testing.T) {
	if mime, err := Check(png); err != nil || mime != "image/png" || Extension(mime) != ".png" {
		t.Errorf("a PNG: %q %v", mime, err)
	}
	if _, err := Check([]byte("<html><script>")); !errors.Is(err, ErrNotReceived) {
		t.Errorf("a page: %v", err)
	}
	if _, err := Check(make([]byte, desk.MaxPhotoBytes+1)); !errors.Is(err, ErrTooBig) {
		t.Errorf("too big: %v", err)
	}
	for mime, want := range map[string]string{"image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp", "": ".jpg"} {
		if got := Extension(mime); got != want {
			t.Errorf("Extension(%q) = %q, want %q", mime, got, want)
		}
	}
}

func TestBuffer(t *testing.T) {
	var b Buffer
	chunk := bytes.Repeat([]byte{1}, 1<<20)
	var err error
	for err == nil && b.Len() <= desk.MaxPhotoBytes {
		_, err = b.Write(chunk)
	}
	if !errors.Is(err, ErrTooBig) || b.Len() > desk.MaxPhotoBytes {
		t.Errorf("grew to %d, err %v", b.Len(), err)
	}
}
