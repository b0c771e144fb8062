// The shapes of real runtime traces the benchmark reads: one program of
// testdata/programs each, at a size that makes a trace of tens of MB (the
// size is the program's -size knob; see testdata/programs/README.md).
import type { GoProgram } from '../src/readers/goPrograms';

export interface Shape {
  program: GoProgram;
  /** -size for a trace of tens of MB (35 to 70 MB, depending on the shape and the Go release). */
  size: number;
  /** What dominates the trace. */
  what: string;
}

export const SHAPES: readonly Shape[] = [
  { program: 'annotations', size: 1700, what: 'tasks, nested regions, logs: a large string table' },
  { program: 'shortlived', size: 200, what: 'goroutines created, run briefly, exited' },
  { program: 'goroutines', size: 22, what: 'channel, mutex, cond and select blocking among thousands of goroutines' },
  { program: 'netio', size: 1000, what: 'network and file I/O: poller blocking, syscalls' },
  { program: 'gcpressure', size: 6000, what: 'GC cycles, mark assists, sweeps, heap metrics' },
  { program: 'cpuprofile', size: 500, what: 'CPU samples amid scheduling events' },
  { program: 'syscalls', size: 300, what: 'dozens of threads blocked in syscalls, proc steals' },
];

/** The trace format versions, each written by one toolchain. */
export const VERSIONS: ReadonlyArray<{ version: number; toolchain: string }> = [
  { version: 22, toolchain: '1.22.12' },
  { version: 23, toolchain: '1.23.12' },
  { version: 25, toolchain: '1.25.5' },
  { version: 26, toolchain: 'go' },
];
