package main

// Adapter for internal/trace: compiled together with ../server/main.go.

import (
	"bytes"
	"io"

	trace "internal/trace"
)

// eventHook, when a build sets it (the coverage driver, cover/drive.go), sees
// every event before the server formats it.
var eventHook func(ev *trace.Event)

const readerName = "internal/trace"

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
		if eventHook != nil {
			eventHook(&ev)
		}
		return ev.String, nil
	}, nil
}
