// Command corpusload proves that tracefuzz's corpus cases are Go test cases:
// it loads every .test file with Go's own loader (internal/trace/testtrace
// ParseFile: a txtar with exactly the files expect and trace, the trace in the
// text format), reads the trace with Go's reader and checks the expectation
// the way Go's reader tests do. It also checks tracefuzz's `events: N`
// metadata line (events before the error, or in all) when a case has one,
// and runs Go's trace validator over the events when -validate is set.
//
// It imports internal packages, so it is built as a package inside GOROOT
// through `go build -overlay` (see test/support/goTools.ts).
//
// With -parse-only it only loads each case with testtrace.ParseFile (a case
// whose expectation is another Go release's error text still loads).
//
// Usage: corpusload [-validate] [-parse-only] DIR|FILE...
// Prints one line per case ("ok NAME" or "FAIL NAME: why") and exits 1 if any
// case fails.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"internal/trace"
	"internal/trace/testtrace"
	"internal/txtar"
)

func main() {
	validate := flag.Bool("validate", false, "run Go's trace validator over the events")
	parseOnly := flag.Bool("parse-only", false, "only load each case with testtrace.ParseFile")
	flag.Parse()
	var files []string
	for _, arg := range flag.Args() {
		st, err := os.Stat(arg)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if !st.IsDir() {
			files = append(files, arg)
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(arg, "*.test"))
		sort.Strings(matches)
		files = append(files, matches...)
	}
	failed := 0
	for _, f := range files {
		if err := check(f, *validate, *parseOnly); err != nil {
			failed++
			fmt.Printf("FAIL %s: %s\n", filepath.Base(f), strings.ReplaceAll(err.Error(), "\n", " | "))
		} else {
			fmt.Printf("ok %s\n", filepath.Base(f))
		}
	}
	noun := "cases"
	if len(files) == 1 {
		noun = "case"
	}
	fmt.Printf("%d %s, %d failed\n", len(files), noun, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

// wantEvents is the `events: N` line of the txtar comment, or -1.
func wantEvents(path string) (int, error) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		return -1, err
	}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if v, ok := strings.CutPrefix(line, "events: "); ok {
			return strconv.Atoi(strings.TrimSpace(v))
		}
	}
	return -1, nil
}

func check(path string, validate, parseOnly bool) error {
	tr, ver, exp, err := testtrace.ParseFile(path)
	if err != nil || parseOnly {
		return err
	}
	want, err := wantEvents(path)
	if err != nil {
		return err
	}
	r, err := trace.NewReader(tr)
	if err != nil {
		return exp.Check(err)
	}
	v := testtrace.NewValidator()
	v.GoVersion = ver
	n := 0
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			if err := exp.Check(err); err != nil {
				return err
			}
			return checkCount(want, n)
		}
		n++
		if validate {
			if err := v.Event(ev); err != nil {
				return fmt.Errorf("validator: %v", err)
			}
		}
	}
	if err := exp.Check(nil); err != nil {
		return err
	}
	return checkCount(want, n)
}

func checkCount(want, got int) error {
	if want >= 0 && want != got {
		return fmt.Errorf("events: expected %d, got %d", want, got)
	}
	return nil
}
