// Package traced is the common frame of tracefuzz's trace-writing programs:
// every program is invoked as `PROGRAM [-size N] OUT` and writes one execution
// trace to OUT while it runs its workload.
package traced

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime/trace"
)

// Main parses the command line, starts tracing into the output file, runs
// body with the size knob and stops tracing. defaultSize is the size a
// plain run uses; it is chosen so that a run takes about a second.
func Main(defaultSize int, body func(size int)) {
	size := flag.Int("size", defaultSize, "workload size (program-specific; larger means a longer trace)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: %s [-size N] OUT\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *size < 1 {
		flag.Usage()
		os.Exit(2)
	}
	f, err := os.Create(flag.Arg(0))
	if err != nil {
		fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := trace.Start(w); err != nil {
		fatal(err)
	}
	body(*size)
	trace.Stop()
	if err := w.Flush(); err != nil {
		fatal(err)
	}
	if err := f.Close(); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
