//go:build unix

package article

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system, all threads) used by the
// process so far. Benchmarks report CPU time per page next to wall time
// because the build machine is shared: wall time there measures the
// neighbours as much as the code.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
