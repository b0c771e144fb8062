// Command syscalls keeps many threads blocked in system calls: pairs of
// goroutines play ping-pong over blocking pipes with raw read(2)/write(2)
// (not the network poller), and sleepers call nanosleep(2). Every blocked
// goroutine pins its thread, sysmon steals the threads' Ps, and the runtime
// starts new threads to run everything else: a trace with dozens of Ms,
// syscall enters and exits, blocked exits and proc steals.
// -size is the number of ping-pong rounds per pair (×250).
package main

import (
	"fmt"
	"os"
	"sync"
	"syscall"

	"tracefuzz.local/programs/internal/traced"
)

const pairs = 12

func main() {
	traced.Main(4, func(size int) {
		var wg sync.WaitGroup
		rounds := size * 250
		for p := 0; p < pairs; p++ {
			ping, pong := pipe(), pipe()
			wg.Add(2)
			go func() { // the server answers each byte
				defer wg.Done()
				buf := make([]byte, 1)
				for i := 0; i < rounds; i++ {
					read(ping[0], buf)
					write(pong[1], buf)
				}
			}()
			go func() {
				defer wg.Done()
				buf := []byte{'x'}
				for i := 0; i < rounds; i++ {
					write(ping[1], buf)
					read(pong[0], buf)
				}
			}()
		}
		for s := 0; s < 4; s++ {
			wg.Add(1)
			go func() { // sleepers: short blocking sleeps in the kernel
				defer wg.Done()
				ts := syscall.NsecToTimespec(20_000)
				for i := 0; i < rounds/4; i++ {
					syscall.Nanosleep(&ts, nil)
				}
			}()
		}
		wg.Wait()
	})
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "syscalls:", err)
		os.Exit(1)
	}
}

// pipe returns a blocking pipe: reads block the calling thread in the kernel.
func pipe() [2]int {
	var fds [2]int
	check(syscall.Pipe(fds[:]))
	return fds
}

func read(fd int, buf []byte) {
	for {
		n, err := syscall.Read(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		check(err)
		if n == 1 {
			return
		}
	}
}

func write(fd int, buf []byte) {
	for {
		_, err := syscall.Write(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		check(err)
		return
	}
}
