//go:build unix

package repo

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes an exclusive lock on the lock file in dir (absolute),
// without waiting. The lock belongs to the open file, so the kernel drops
// it when the process ends, even by a crash: a stale lock never keeps the
// desk from starting. A second open of the file, in this process or
// another, is refused while the lock is held. shown is the folder as the
// person gave it, for the error message.
func lockDir(dir, shown string) (unlock func() error, err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFileName), os.O_CREATE|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("lock data folder: %w", err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		if err == syscall.EWOULDBLOCK {
			return nil, &dirInUseError{dir: shown}
		}
		return nil, fmt.Errorf("lock data folder %s: %w", shown, err)
	}
	return func() error {
		// Closing the file releases the lock.
		return f.Close()
	}, nil
}
