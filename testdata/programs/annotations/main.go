// Command annotations exercises runtime/trace's user annotations: tasks
// (nested, spanning goroutines, some left unended), nested regions on several
// goroutines, and log messages under many categories whose texts are nearly
// all distinct (so each generation's string table is large), from goroutines
// that also carry runtime/pprof labels (which the tracer does not record).
// -size is the number of top-level tasks (×10).
package main

import (
	"context"
	"fmt"
	"runtime/pprof"
	"runtime/trace"
	"sync"

	"tracefuzz.local/programs/internal/traced"
)

// Region names nest in this order, outermost first.
var regionNames = [...]string{"parse", "validate", "store", "reply"}

func main() {
	traced.Main(5, func(size int) {
		ctx := context.Background()
		var wg sync.WaitGroup
		for t := 0; t < size*10; t++ {
			tctx, task := trace.NewTask(ctx, fmt.Sprintf("request-%d", t%64))
			trace.Log(tctx, "request", fmt.Sprintf("id=%d", t))
			for w := 0; w < 3; w++ {
				wg.Add(1)
				// Each worker carries pprof labels, as annotated servers' goroutines do.
				go pprof.Do(tctx, pprof.Labels("worker", fmt.Sprint(w), "task", fmt.Sprint(t)), func(lctx context.Context) {
					defer wg.Done()
					sub, subTask := trace.NewTask(lctx, "subtask")
					trace.WithRegion(sub, "compute", func() {
						for step := 0; step < 6; step++ {
							nested(sub, 0, func() {
								// 24 categories; the message is new for every log.
								trace.Logf(sub, fmt.Sprintf("cat-%02d", (t+w+step)%24), "worker %d of task %d step %d: %q", w, t, step, "quoted \"text\"\n")
							})
						}
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

// nested runs f inside regionNames[depth:], each region within the previous one.
func nested(ctx context.Context, depth int, f func()) {
	if depth == len(regionNames) {
		f()
		return
	}
	r := trace.StartRegion(ctx, regionNames[depth])
	nested(ctx, depth+1, f)
	r.End()
}
