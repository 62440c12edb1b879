package edge

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// TempFile makes an empty temporary file for a file made to be sent (an
// export), read back from the start once written. Where the system
// allows, its name is removed at once: the open file lives on until
// closed, and a process killed while it is open leaves nothing behind in
// the temporary directory. done closes it, and removes its name if that
// could not be done before.
func TempFile() (f *os.File, done func(), err error) {
	f, err = os.CreateTemp("", "repairdesk-*")
	if err != nil {
		return nil, nil, err
	}
	name := f.Name()
	if os.Remove(name) == nil {
		return f, func() { f.Close() }, nil
	}
	return f, func() { f.Close(); os.Remove(name) }, nil
}

// ErrNotMade marks MakeFile's failure to make the file (the maker's own
// error is wrapped with it), apart from the system's failing to keep it.
var ErrNotMade = errors.New("file not made")

// MakeFile makes a file with write into a TempFile and returns it ready
// to be read from its start, with its size (Slack and a download want it
// before the bytes). done closes it, as TempFile's does.
func MakeFile(write func(io.Writer) error) (f *os.File, size int64, done func(), err error) {
	f, done, err = TempFile()
	if err != nil {
		return nil, 0, nil, err
	}
	if err = write(f); err != nil {
		done()
		return nil, 0, nil, fmt.Errorf("%w: %w", ErrNotMade, err)
	}
	if size, err = f.Seek(0, io.SeekEnd); err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		done()
		return nil, 0, nil, err
	}
	return f, size, done, nil
}
