//go:build unix

package extract

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system, every thread) the test
// process has used: on a shared, loaded machine it measures the work done
// where wall time measures the queue.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
