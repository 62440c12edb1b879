package edge

import (
	"errors"
	"io"
	"os"
	"runtime"
	"testing"
)

func TestTempFileLeavesNothingBehind(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	f, done, err := TempFile()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("export"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	if err != nil || string(got) != "export" {
		t.Fatalf("read back %q, %v", got, err)
	}
	if runtime.GOOS != "windows" {
		// Removed while open: a kill now would leave nothing.
		if _, err := os.Stat(f.Name()); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("open temporary file still named: %v", err)
		}
	}
	done()
	if _, err := os.Stat(f.Name()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file left after done: %v", err)
	}
	if left, _ := os.ReadDir(os.TempDir()); len(left) != 0 {
		t.Errorf("left in the temporary directory: %v", left)
	}
}

// A file made is read back from its start with its size; a maker's
// failure is told apart as not made, and leaves nothing behind.
func TestMakeFile(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	f, size, done, err := MakeFile(func(w io.Writer) error { _, err := io.WriteString(w, "ref,title\n"); return err })
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	done()
	if err != nil || string(got) != "ref,title\n" || size != int64(len(got)) {
		t.Errorf("made %q (%d bytes), %v", got, size, err)
	}
	refused := errors.New("not yours")
	if _, _, _, err := MakeFile(func(io.Writer) error { return refused }); !errors.Is(err, ErrNotMade) || !errors.Is(err, refused) {
		t.Errorf("a maker's failure: %v, want it not made and the maker's error", err)
	}
	if left, _ := os.ReadDir(os.TempDir()); len(left) != 0 {
		t.Errorf("left in the temporary directory: %v", left)
	}
}
