package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// profileCPU profiles the desk's CPU into path until the returned stop
// is called, which writes the profile: a measurement of a whole run
// (CPU_PROFILE), from the first store write to the last.
func profileCPU(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("CPU_PROFILE: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("CPU_PROFILE: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
