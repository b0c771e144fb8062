// Command tracefuzz-oracle serves a Go trace reader over the framed protocol
// described in ../PROTOCOL.md: one persistent process, one trace in, one
// outcome out. The reader itself comes from an adapter file compiled next to
// this one (std, std122 or exp), so the same loop serves the installed
// toolchain's internal/trace, any release's, and golang.org/x/exp/trace.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"time"
)

const (
	opDump  = 'D' // parse and send every event's String()
	opCount = 'C' // parse and send only the count (benchmark)
	// opDigest parses and sends a digest of the event texts in place of the
	// texts: a client that only asks "same as before?" (mutation testing on
	// real traces) is spared moving and decoding millions of them.
	opDigest = 'H'

	statusOK    = 'O'
	statusError = 'E'
	statusPanic = 'P'

	magic = "TFZ1"
)

func main() {
	if onStart != nil {
		onStart()
	}
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	fields := map[string]any{
		"reader":    readerName,
		"goVersion": runtime.Version(),
		"versions":  supportedVersions(),
		"ops":       []string{"D", "C", "H"},
	}
	for k, v := range helloFields {
		fields[k] = v
	}
	hello, _ := json.Marshal(fields)
	out.WriteString(magic)
	writeBytes(out, hello)
	if err := out.Flush(); err != nil {
		os.Exit(1)
	}
	var hdr [5]byte
	for {
		if _, err := io.ReadFull(in, hdr[:]); err != nil {
			if err == io.EOF {
				return // client closed: clean shutdown
			}
			fmt.Fprintln(os.Stderr, "tracefuzz-oracle: short request header:", err)
			os.Exit(2)
		}
		op := hdr[0]
		n := binary.LittleEndian.Uint32(hdr[1:])
		if op != opDump && op != opCount && op != opDigest && extraOps[op] == nil {
			fmt.Fprintf(os.Stderr, "tracefuzz-oracle: unknown op %q\n", op)
			os.Exit(2)
		}
		data := make([]byte, n)
		if _, err := io.ReadFull(in, data); err != nil {
			fmt.Fprintln(os.Stderr, "tracefuzz-oracle: short request body:", err)
			os.Exit(2)
		}
		if extra := extraOps[op]; extra != nil {
			extra(out, data)
		} else {
			if faults {
				injectFault(out, data)
			}
			serve(out, data, op)
			if afterOutcome != nil {
				afterOutcome(out)
			}
		}
		if err := out.Flush(); err != nil {
			os.Exit(1)
		}
		// Outcomes of big traces hold a lot of memory; give it back between cases
		// so a long campaign's RSS reflects one trace, not the largest seen.
		if n > 64<<20 {
			debug.FreeOSMemory()
		}
	}
}

// Optional parts, filled in by files a build adds (cover/cover.go in coverage
// builds): more hello fields, more ops, and bytes appended after each outcome.
var (
	onStart      func()
	helloFields  = map[string]any{}
	extraOps     = map[byte]func(out *bufio.Writer, data []byte){}
	afterOutcome func(out *bufio.Writer)
)

// faults turns on injectFault: the harness's own tests use it to prove that a
// server that dies or hangs becomes a case's outcome. Never set in real use.
var faults = os.Getenv("TRACEFUZZ_ORACLE_FAULTS") == "1"

// injectFault misbehaves on purpose when a request's bytes start with a
// fault marker (no trace starts with these: a trace starts with "go 1.").
func injectFault(out *bufio.Writer, data []byte) {
	switch {
	case bytes.HasPrefix(data, []byte("tracefuzz:crash")):
		out.Write([]byte{statusOK, 9}) // half a response, then death
		out.Flush()
		os.Exit(3)
	case bytes.HasPrefix(data, []byte("tracefuzz:hang")):
		time.Sleep(time.Hour) // a timer, so the runtime sees no deadlock
	}
}

// serve reads one trace and writes its outcome frame. Events are buffered
// first because the frame starts with their count.
func serve(out *bufio.Writer, data []byte, op byte) {
	var events []string
	digest := sha256.New()
	count := 0
	status, text := byte(statusOK), ""
	func() {
		defer func() {
			// A panic inside the reader is that reader's bug, reported as an
			// outcome (the client records a crash) rather than killing the server.
			if p := recover(); p != nil {
				status, text = statusPanic, fmt.Sprintf("panic: %v", p)
			}
		}()
		if faults && bytes.HasPrefix(data, []byte("tracefuzz:panic")) {
			panic("injected fault")
		}
		err := readAll(data, func(s func() string) {
			// Count only after String() returned: if it panics, the frame
			// must still hold exactly count event texts.
			switch op {
			case opDump:
				events = append(events, s())
			case opDigest:
				// Each text framed by its length, as on the wire, so that
				// ["ab","c"] and ["a","bc"] differ.
				t := s()
				var n [4]byte
				binary.LittleEndian.PutUint32(n[:], uint32(len(t)))
				digest.Write(n[:])
				digest.Write([]byte(t))
			}
			count++
		})
		if err != nil {
			status, text = statusError, err.Error()
		}
	}()
	out.WriteByte(status)
	writeU32(out, uint32(count))
	switch op {
	case opDump:
		for _, e := range events {
			writeBytes(out, []byte(e))
		}
	case opDigest:
		writeBytes(out, []byte(hex.EncodeToString(digest.Sum(nil))))
	}
	writeBytes(out, []byte(text))
}

// readAll drives the adapter's reader to the end of the trace, handing each
// event to emit (as a thunk, so count-only mode never formats anything).
func readAll(data []byte, emit func(func() string)) error {
	r, err := newReader(data)
	if err != nil {
		return err
	}
	for {
		s, err := r()
		// Exactly io.EOF ends the trace, as in `go tool trace -d=parsed`.
		if err == io.EOF && s == nil {
			return nil
		}
		if err != nil {
			return err
		}
		emit(s)
	}
}

// supportedVersions asks the reader itself which v2 trace versions it
// accepts, by offering it each bare header: a reader rejects an unknown
// version as soon as it has read the header.
func supportedVersions() []int {
	versions := []int{}
	for v := 22; v <= 40; v++ {
		if _, err := newReader([]byte(fmt.Sprintf("go 1.%d trace\x00\x00\x00", v))); err == nil {
			versions = append(versions, v)
		}
	}
	return versions
}

func writeU32(w *bufio.Writer, v uint32) {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], v)
	w.Write(b[:])
}

func writeBytes(w *bufio.Writer, b []byte) {
	writeU32(w, uint32(len(b)))
	w.Write(b)
}
