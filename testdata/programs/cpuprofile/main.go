// Command cpuprofile runs CPU-bound work while a CPU profile is being
// collected during tracing, so the trace carries CPU samples (with stacks)
// attributed to goroutines, Ps and Ms. The workers hand a token around a ring
// of channels between short bursts of computation, so the samples are
// interleaved with a dense stream of scheduling events. -size is tenths of a
// second of CPU time (process CPU time, not wall time: on a busy machine the
// program runs longer rather than collecting fewer samples).
package main

import (
	"io"
	"os"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"tracefuzz.local/programs/internal/traced"
)

const workers = 4

func main() {
	traced.Main(8, func(size int) {
		if err := pprof.StartCPUProfile(io.Discard); err != nil {
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
		budget := time.Duration(size) * 100 * time.Millisecond
		start := cpuTime()
		var done atomic.Bool
		stop := make(chan struct{}) // closed at the end: no worker waits for a token then
		var wg sync.WaitGroup
		ring := make([]chan int, workers)
		for i := range ring {
			ring[i] = make(chan int, 1)
		}
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				in, out := ring[w], ring[(w+1)%workers]
				for !done.Load() {
					if w%2 == 0 {
						fib(15)
					} else {
						sieve(5000)
					}
					select {
					case v := <-in:
						select {
						case out <- v + 1:
						case <-stop:
							return
						}
					case <-stop:
						return
					}
				}
			}(w)
		}
		// Two tokens for four workers: half of them wait for one at any time.
		ring[0] <- 0
		ring[2] <- 0
		for cpuTime()-start < budget {
			time.Sleep(10 * time.Millisecond)
		}
		done.Store(true)
		close(stop)
		wg.Wait()
	})
}

// cpuTime is the CPU time (user+system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		os.Exit(1)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func sieve(n int) int {
	composite := make([]bool, n)
	count := 0
	for i := 2; i < n; i++ {
		if composite[i] {
			continue
		}
		count++
		for j := i * i; j < n; j += i {
			composite[j] = true
		}
	}
	return count
}
