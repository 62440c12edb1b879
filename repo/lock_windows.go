//go:build windows

package repo

import (
	"fmt"
	"path/filepath"
	"syscall"
)

// errorSharingViolation is ERROR_SHARING_VIOLATION, which the syscall
// package does not name.
const errorSharingViolation syscall.Errno = 32

// lockDir opens the lock file in dir (absolute) with no sharing: while
// this process holds it open, Windows refuses every other open of it, and
// it lets go when the process ends, even by a crash. shown is the folder
// as the person gave it, for the error message.
func lockDir(dir, shown string) (unlock func() error, err error) {
	name, err := syscall.UTF16PtrFromString(filepath.Join(dir, lockFileName))
	if err != nil {
		return nil, fmt.Errorf("lock data folder: %w", err)
	}
	h, err := syscall.CreateFile(name, syscall.GENERIC_READ|syscall.GENERIC_WRITE,
		0, nil, syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if err == errorSharingViolation {
			return nil, &dirInUseError{dir: shown}
		}
		return nil, fmt.Errorf("lock data folder %s: %w", shown, err)
	}
	return func() error { return syscall.CloseHandle(h) }, nil
}
