package main

// Rebuilding events through the package's public constructors, as Go's own
// event_test does: every event read is made again with MakeEvent from what
// its accessors returned (its stack through MakeStack), and the copy is
// inspected like the original. Compiled into coverage builds of readers that
// have MakeEvent (Go 1.25 and later, x/exp since then).

import (
	trace "internal/trace"
	"slices"
)

func init() { remake = remakeEvent }

func remakeEvent(ev *trace.Event) {
	frames := slices.Collect(ev.Stack().Frames())
	stack := trace.NoStack
	if len(frames) > 0 {
		stack = trace.MakeStack(frames)
	}
	_ = trace.MakeResourceID(ev.Goroutine())
	_ = trace.MakeResourceID(ev.Proc())
	_ = trace.MakeResourceID(ev.Thread())
	switch ev.Kind() {
	case trace.EventMetric:
		make1(ev, stack, ev.Metric())
	case trace.EventLabel:
		make1(ev, stack, ev.Label())
	case trace.EventRangeBegin, trace.EventRangeActive, trace.EventRangeEnd:
		make1(ev, stack, ev.Range())
	case trace.EventStateTransition:
		make1(ev, stack, ev.StateTransition())
	case trace.EventSync:
		make1(ev, stack, ev.Sync())
	case trace.EventTaskBegin, trace.EventTaskEnd:
		make1(ev, stack, ev.Task())
	case trace.EventRegionBegin, trace.EventRegionEnd:
		make1(ev, stack, ev.Region())
	case trace.EventLog:
		make1(ev, stack, ev.Log())
	case trace.EventStackSample:
		make1(ev, stack, trace.StackSample{})
	}
}

func make1[T trace.EventDetails](ev *trace.Event, stack trace.Stack, details T) {
	e, err := trace.MakeEvent(trace.EventConfig[T]{
		Time: ev.Time(), Kind: ev.Kind(), Goroutine: ev.Goroutine(), Proc: ev.Proc(), Thread: ev.Thread(),
		Stack: stack, Details: details,
	})
	if err == nil {
		inspect(&e)
	}
}
