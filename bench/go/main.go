// Command tracefuzzbench is the Go side of `npm run bench`. It is built as a
// package inside the installed toolchain's GOROOT (as the oracle is), so it
// can import internal/trace.
//
//	tracefuzzbench count FILE
//	    reads FILE with Go's reader, streaming from the file as
//	    `go tool trace` does, and prints one JSON line:
//	    {"events":N,"error":"…"|null,"ms":T,"maxRssBytes":B}
//	tracefuzzbench run COMMAND [ARG…]
//	    runs COMMAND with stdout to /dev/null and prints one JSON line:
//	    {"exitCode":C,"ms":T,"maxRssBytes":B} (B: the peak resident set of
//	    COMMAND and the descendants it waited for).
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"internal/trace"
)

func main() {
	if len(os.Args) < 3 || (os.Args[1] != "count" && os.Args[1] != "run") {
		fmt.Fprintln(os.Stderr, "usage: tracefuzzbench count FILE | run COMMAND [ARG...]")
		os.Exit(2)
	}
	if os.Args[1] == "count" {
		count(os.Args[2])
	} else {
		run(os.Args[2:])
	}
}

func count(path string) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := time.Now()
	events, rerr := readAll(f)
	ms := float64(time.Since(start).Nanoseconds()) / 1e6
	var errText any
	if rerr != nil {
		errText = rerr.Error()
	}
	emit(map[string]any{"events": events, "error": errText, "ms": ms, "maxRssBytes": peakRSS()})
}

// readAll counts the events up to the end of the trace or the first error.
func readAll(r io.Reader) (int, error) {
	tr, err := trace.NewReader(r)
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		_, err := tr.ReadEvent()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

func run(argv []string) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout = devnull
	cmd.Stderr = os.Stderr
	start := time.Now()
	err = cmd.Run()
	ms := float64(time.Since(start).Nanoseconds()) / 1e6
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// wait4's usage of a child covers the children it waited for. (Its
	// ru_maxrss starts from this small process's, not the driver's.)
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	emit(map[string]any{"exitCode": cmd.ProcessState.ExitCode(), "ms": ms, "maxRssBytes": ru.Maxrss * 1024})
}

// peakRSS is this process's peak resident set in bytes: VmHWM, which
// belongs to the program since its exec. getrusage's ru_maxrss would do
// elsewhere, but Linux carries it over from the forking parent (the
// benchmark's driver, hundreds of MB) across exec.
func peakRSS() int64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
				if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
					return kb * 1024
				}
			}
		}
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss * 1024
}

func emit(v map[string]any) {
	b, _ := json.Marshal(v)
	os.Stdout.Write(append(b, '\n'))
}
