//go:build !unix

package repo

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockDir creates a lock file exclusively. Unlike the unix lock it
// survives a crash: remove repairdesk.lock by hand after one.
func lockDir(dir string) (unlock func() error, err error) {
	name := filepath.Join(dir, "repairdesk.lock")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, ErrDataDirInUse)
	}
	f.Close()
	return func() error { return os.Remove(name) }, nil
}
