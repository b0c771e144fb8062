// Command shortlived creates goroutines by the tens of thousands, each living
// for a moment: it computes a little, sometimes yields or reports over a
// channel, and exits. The trace is mostly creations, starts and exits, and a
// goroutine ID is seen in one or two generations only.
// -size is the number of waves (×100), each of 100 goroutines.
package main

import (
	"runtime"
	"sync"

	"tracefuzz.local/programs/internal/traced"
)

func main() {
	traced.Main(2, func(size int) {
		results := make(chan int, 16)
		total := 0
		collected := make(chan struct{})
		go func() {
			for v := range results {
				total += v
			}
			close(collected)
		}()
		for wave := 0; wave < size*100; wave++ {
			var wg sync.WaitGroup
			for i := 0; i < 100; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					x := i
					for j := 0; j < 200; j++ {
						x = x*31 + j
					}
					switch i % 8 {
					case 0:
						results <- x
					case 1:
						runtime.Gosched()
					}
				}(wave*100 + i)
			}
			wg.Wait()
		}
		close(results)
		<-collected
	})
}
