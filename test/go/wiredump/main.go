// Command wiredump is `go tool trace -d=wire` for many traces in one
// process: for each file named on the command line it reads the trace with
// Go's raw reader (internal/trace/raw, what the wire dump prints) and
// reports the events' text and the error, if any. The malformed-input tests
// ask it once for all their traces instead of starting a Go tool per trace.
//
// It imports internal packages, so it is built as a package inside GOROOT
// through `go build -overlay` (see test/support/goTestProgram.ts).
//
// Output on stdout: a JSON array, per file {"lines": [string], "error": string|null}.
package main

import (
	"encoding/json"
	"io"
	"os"

	"internal/trace/raw"
)

type result struct {
	Lines []string `json:"lines"`
	Error *string  `json:"error"`
}

func dump(path string) result {
	r := result{Lines: []string{}}
	fail := func(err error) result {
		msg := err.Error()
		r.Error = &msg
		return r
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	rr, err := raw.NewReader(f)
	if err != nil {
		return fail(err)
	}
	for {
		ev, err := rr.ReadEvent()
		if err == io.EOF {
			return r
		}
		if err != nil {
			return fail(err)
		}
		r.Lines = append(r.Lines, ev.String())
	}
}

func main() {
	out := make([]result, 0, len(os.Args)-1)
	for _, p := range os.Args[1:] {
		out = append(out, dump(p))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(1)
	}
}
