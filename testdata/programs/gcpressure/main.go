// Command gcpressure allocates short- and long-lived garbage from several
// goroutines so the trace is full of GC cycles, mark assists, sweeps, STW
// phases and heap metrics. A low GOGC (10, unless the environment sets one)
// keeps the heap small and the cycles frequent. -size is megabytes allocated
// per worker (×8).
package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"tracefuzz.local/programs/internal/traced"
)

type node struct {
	next  *node
	value [6]int64
	text  string
}

var sink []*node // survivors keep the heap growing between cycles

func main() {
	traced.Main(8, func(size int) {
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(10)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		workers := 4
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				allocated := 0
				for i := 0; allocated < size*8<<20; i++ {
					// A linked list of small objects (pointer-rich: marking work).
					var head *node
					for j := 0; j < 64; j++ {
						head = &node{next: head, text: string(rune('a' + j%26))}
					}
					// A large pointer-free buffer (allocation volume).
					buf := make([]byte, 32<<10)
					buf[i%len(buf)] = byte(i)
					allocated += len(buf) + 64*80
					if i%97 == 0 {
						mu.Lock()
						sink = append(sink, head)
						if len(sink) > 2000 {
							sink = sink[len(sink)/2:]
						}
						mu.Unlock()
					}
				}
			}(w)
		}
		// Forced cycles on top of the paced ones (each an STW pair).
		for i := 0; i < 3; i++ {
			runtime.GC()
		}
		wg.Wait()
		runtime.GC()
	})
}
