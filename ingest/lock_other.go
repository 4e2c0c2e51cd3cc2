//go:build !unix

package ingest

import (
	"errors"
	"os"
)

// lockFile is not available here: the lease journal is disabled and a killed
// process's leases are taken over when they expire.
func lockFile(f *os.File) error { return errors.New("file locks not supported on this system") }
