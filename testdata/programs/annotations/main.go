// Command annotations exercises runtime/trace's user annotations: tasks
// (nested, spanning goroutines, some left unended), regions (nested and on
// several goroutines) and log messages with categories, from goroutines that
// also carry runtime/pprof labels (which the tracer does not record). -size is the number of top-level tasks (×10).
package main

import (
	"context"
	"fmt"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"time"

	"tracefuzz.local/programs/internal/traced"
)

func main() {
	traced.Main(5, func(size int) {
		ctx := context.Background()
		var wg sync.WaitGroup
		for t := 0; t < size*10; t++ {
			tctx, task := trace.NewTask(ctx, fmt.Sprintf("request-%d", t))
			trace.Log(tctx, "request", fmt.Sprintf("id=%d", t))
			for w := 0; w < 3; w++ {
				wg.Add(1)
				// Each worker carries pprof labels, as annotated servers' goroutines do.
				go pprof.Do(tctx, pprof.Labels("worker", fmt.Sprint(w), "task", fmt.Sprint(t)), func(lctx context.Context) {
					defer wg.Done()
					sub, subTask := trace.NewTask(lctx, "subtask")
					trace.WithRegion(sub, "compute", func() {
						r := trace.StartRegion(sub, "inner")
						time.Sleep(50 * time.Microsecond)
						trace.Logf(sub, "progress", "worker %d of task %d: %q", w, t, "quoted \"text\"\n")
						r.End()
					})
					if w != 2 || t%3 != 0 {
						subTask.End() // some subtasks never end: the reader must cope
					}
				})
			}
			trace.WithRegion(tctx, "wait", wg.Wait)
			trace.Log(tctx, "", "no category")
			task.End()
		}
		// A region and a log outside any task.
		trace.WithRegion(ctx, "tail", func() { trace.Log(ctx, "tail", "done") })
	})
}
