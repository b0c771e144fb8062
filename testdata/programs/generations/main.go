// Command generations writes a trace of many generations. The runtime starts
// a new generation about once per GODEBUG traceadvanceperiod (1s by default,
// read only at startup), so unless the caller set it the program re-executes
// itself with a short period. Goroutines, tasks and regions live across the
// generation boundaries in every state: running, runnable, blocked on a
// channel, sleeping, and blocked in a system call.
// -size is the number of generation periods the workload runs.
package main

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"runtime/trace"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tracefuzz.local/programs/internal/traced"
)

// period is the generation length asked for; 1 in 7 of a second keeps the
// default run near one second.
const period = 150 * time.Millisecond

func main() {
	if !strings.Contains(os.Getenv("GODEBUG"), "traceadvanceperiod=") {
		reexec()
		return
	}
	traced.Main(6, func(size int) {
		ctx, task := trace.NewTask(context.Background(), "whole-run") // spans every generation
		region := trace.StartRegion(ctx, "long-region")
		var stop atomic.Bool
		var wg sync.WaitGroup

		blocked := make(chan struct{}) // released only at the end
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); <-blocked }()
		}
		r, w, err := os.Pipe() // a reader stuck in read(2) across generations
		if err != nil {
			os.Exit(1)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 8)
			for {
				if _, err := r.Read(buf); err != nil {
					return
				}
			}
		}()
		for i := 0; i < runtime.GOMAXPROCS(0); i++ { // always-running goroutines
			wg.Add(1)
			go func() {
				defer wg.Done()
				x := 0
				for !stop.Load() {
					for j := 0; j < 1000; j++ {
						x += j
					}
				}
				_ = x
			}()
		}
		ping := make(chan int)
		wg.Add(1)
		go func() { // chatter: a steady stream of small events in every generation
			defer wg.Done()
			for v := range ping {
				trace.Log(ctx, "ping", string(rune('0'+v%10)))
			}
		}()
		end := time.Now().Add(time.Duration(size) * period)
		for i := 0; time.Now().Before(end); i++ {
			ping <- i
			time.Sleep(time.Millisecond)
			if i%50 == 0 {
				w.Write([]byte("x"))
				runtime.GC()
			}
		}
		close(ping)
		stop.Store(true)
		close(blocked)
		w.Close()
		wg.Wait()
		r.Close()
		region.End()
		task.End()
	})
}

// reexec runs this program again with a short generation period and passes
// its exit status through.
func reexec() {
	self, err := os.Executable()
	if err != nil {
		os.Exit(1)
	}
	godebug := "traceadvanceperiod=" + itoa(int(period))
	if old := os.Getenv("GODEBUG"); old != "" {
		godebug = old + "," + godebug
	}
	cmd := exec.Command(self, os.Args[1:]...)
	cmd.Env = append(os.Environ(), "GODEBUG="+godebug)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			os.Exit(ee.ExitCode())
		}
		os.Exit(1)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
