package edge

import "os"

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
