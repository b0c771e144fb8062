// Command tracefuzz-testcase turns one of Go's conformance cases (a .test
// txtar file from $GOROOT/src/internal/trace/testdata/tests) into trace bytes,
// using Go's own encoder for the text format (internal/trace/testtrace), so
// tracefuzz can check its readers against Go's cases without reimplementing
// or copying anything. Like the oracle it is built inside GOROOT through
// `go build -overlay`.
//
// Usage: tracefuzz-testcase CASE.test OUT.trace
package main

import (
	"fmt"
	"io"
	"os"

	"internal/trace/testtrace"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: tracefuzz-testcase CASE.test OUT.trace")
		os.Exit(2)
	}
	r, _, _, err := testtrace.ParseFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[2], data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
