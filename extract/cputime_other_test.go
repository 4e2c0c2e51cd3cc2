//go:build !unix

package extract

import "time"

// processCPU is unknown here: the benchmark then reports wall time only.
func processCPU() time.Duration { return 0 }
