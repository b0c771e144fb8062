// Command goroutines runs thousands of goroutines that talk over channels,
// contend on mutexes, wait on a WaitGroup and a condition variable, select
// with timeouts and sleep: the scheduler's whole state machine.
// -size is thousands of goroutines, and 4×size messages cross the pipeline
// (so the trace grows with the square of -size).
package main

import (
	"runtime"
	"sync"
	"time"

	"tracefuzz.local/programs/internal/traced"
)

func main() {
	traced.Main(2, func(size int) {
		n := size * 1000
		var wg sync.WaitGroup
		var mu sync.Mutex
		cond := sync.NewCond(&mu)
		ready := false
		counter := 0
		// A pipeline: each goroutine receives from its left neighbour and
		// sends to its right one, so every message wakes another goroutine.
		first := make(chan int)
		in := first
		for i := 0; i < n; i++ {
			out := make(chan int, i%2) // mix of unbuffered and buffered channels
			wg.Add(1)
			go func(i int, in <-chan int, out chan<- int) {
				defer wg.Done()
				for v := range in {
					mu.Lock()
					counter++
					mu.Unlock()
					if i%101 == 0 {
						runtime.Gosched()
					}
					out <- v + 1
				}
				close(out)
			}(i, in, out)
			in = out
		}
		last := in
		// Waiters on a condition variable, woken all at once.
		for i := 0; i < n/10; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mu.Lock()
				for !ready {
					cond.Wait()
				}
				mu.Unlock()
			}()
		}
		// Goroutines that select between a channel that never fires and timers.
		stop := make(chan struct{})
		for i := 0; i < n/20; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					case <-time.After(time.Duration(1+i%5) * time.Millisecond):
					}
				}
			}(i)
		}
		done := make(chan int)
		go func() {
			sum := 0
			for v := range last {
				sum += v
			}
			done <- sum
		}()
		for m := 0; m < 4*size; m++ {
			first <- m
		}
		close(first)
		<-done
		mu.Lock()
		ready = true
		cond.Broadcast()
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		close(stop)
		wg.Wait()
	})
}
