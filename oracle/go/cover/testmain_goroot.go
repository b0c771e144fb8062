package main

// The entry point of coverage builds of a GOROOT reader. Go instruments a
// package of GOROOT for coverage only in a test binary (go build -cover of a
// cmd/ program leaves its main uninstrumented and writes nothing), so the
// server is built as a test binary of internal/trace: these files become its
// external test package and TestMain runs the protocol loop instead of tests.

import (
	"internal/coverage/cfile"
	"io"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// A test binary prepares its coverage meta-data only at exit; the server
	// reads it at start, so it is prepared now, into a scratch directory.
	dir, err := os.MkdirTemp("", "tracefuzz-cover-")
	if err == nil {
		err = cfile.ProcessCoverTestDir(dir, "", "atomic", "", io.Discard, nil)
		os.RemoveAll(dir)
	}
	if err != nil {
		os.Stderr.WriteString("tracefuzz-oracle: cannot prepare coverage meta-data: " + err.Error() + "\n")
		os.Exit(2)
	}
	// Nothing to write at exit: the harness reads the counters as it goes.
	cfile.MarkProfileEmitted(true)
	tracefuzzServerMain()
}
