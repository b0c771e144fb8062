package main

// Adapter for golang.org/x/exp/trace: compiled together with ../server/main.go.

import (
	"bytes"
	"io"

	trace "golang.org/x/exp/trace"
)

const readerName = "golang.org/x/exp/trace"

// newReader returns a function yielding one event's String() thunk per call,
// and io.EOF with a nil thunk at the clean end of the trace.
func newReader(data []byte) (func() (func() string, error), error) {
	r, err := trace.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return func() (func() string, error) {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		return ev.String, nil
	}, nil
}
