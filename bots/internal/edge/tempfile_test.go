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
