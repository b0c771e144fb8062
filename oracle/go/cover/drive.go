package main

// The coverage driver: compiled into coverage builds only (see cover.go). It
// exercises every event the way Go's own tests do — the accessors that
// internal/trace/testtrace's validator and FuzzReader's getters call for each
// event kind, then String() — so coverage counts what a real consumer of the
// reader reaches, not only the formatting. A panic in one accessor is that
// accessor's finding, recovered so that it neither changes the case's outcome
// nor hides the other accessors. One driver for every input set keeps
// comparisons between them fair.
//
// The harness builds it for golang.org/x/exp/trace by rewriting the import.

import (
	trace "internal/trace"
)

func init() { eventHook = drive }

// remake, set by remake.go where the reader has MakeEvent, rebuilds an event
// through the package's constructors.
var remake func(ev *trace.Event)

func drive(ev *trace.Event) {
	inspect(ev)
	if remake != nil {
		guard(func() { remake(ev) })
	}
}

// guard runs one accessor and swallows its panic.
func guard(f func()) {
	defer func() { _ = recover() }()
	f()
}

// inspect calls every accessor of the event's kind, then String().
func inspect(ev *trace.Event) {
	guard(func() { _ = ev.Kind().String() })
	guard(func() { _ = ev.Time() })
	guard(func() { _ = ev.Goroutine(); _ = ev.Proc(); _ = ev.Thread() })
	guard(func() { frames(ev.Stack()) })
	switch ev.Kind() {
	case trace.EventSync:
		guard(func() {
			s := ev.Sync()
			_ = s.N
			if s.ClockSnapshot != nil {
				_ = s.ClockSnapshot.Trace
			}
			for _, batches := range s.ExperimentalBatches {
				for _, b := range batches {
					_, _ = b.Thread, len(b.Data)
				}
			}
		})
	case trace.EventMetric:
		guard(func() {
			m := ev.Metric()
			value(m.Value)
		})
	case trace.EventLabel:
		guard(func() {
			l := ev.Label()
			resource(l.Resource)
		})
	case trace.EventStackSample:
	case trace.EventRangeBegin, trace.EventRangeActive:
		guard(func() { r := ev.Range(); _ = r.Scope.String(); resource(r.Scope) })
	case trace.EventRangeEnd:
		guard(func() { r := ev.Range(); _ = r.Scope.String(); resource(r.Scope) })
		guard(func() {
			for _, a := range ev.RangeAttributes() {
				value(a.Value)
			}
		})
	case trace.EventTaskBegin, trace.EventTaskEnd:
		guard(func() { _ = ev.Task() })
	case trace.EventRegionBegin, trace.EventRegionEnd:
		guard(func() { _ = ev.Region() })
	case trace.EventLog:
		guard(func() { _ = ev.Log() })
	case trace.EventStateTransition:
		guard(func() {
			tr := ev.StateTransition()
			resource(tr.Resource)
			frames(tr.Stack)
			switch tr.Resource.Kind {
			case trace.ResourceGoroutine:
				from, to := tr.Goroutine()
				_, _ = from.Executing(), to.Executing()
				_, _ = from.String(), to.String()
			case trace.ResourceProc:
				from, to := tr.Proc()
				_, _ = from.Executing(), to.Executing()
				_, _ = from.String(), to.String()
			}
		})
	case trace.EventExperimental:
		guard(func() {
			x := ev.Experimental()
			for i := range x.Args {
				guard(func() { value(x.ArgValue(i)) })
			}
		})
	}
	guard(func() { _ = ev.String() })
}

func frames(s trace.Stack) {
	for f := range s.Frames() {
		_, _, _, _ = f.PC, f.Func, f.File, f.Line
	}
}

func value(v trace.Value) {
	_ = v.String()
	if v.Kind() == trace.ValueUint64 {
		_ = v.Uint64()
	}
}

func resource(r trace.ResourceID) {
	_ = r.Kind.String()
	_ = r.String()
	switch r.Kind {
	case trace.ResourceGoroutine:
		_ = r.Goroutine()
	case trace.ResourceProc:
		_ = r.Proc()
	case trace.ResourceThread:
		_ = r.Thread()
	}
}
