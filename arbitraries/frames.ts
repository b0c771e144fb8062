// Realistic names for the tables: stack frames of a typical Go server and the
// strings the runtime and user annotations put in traces. A few entries carry
// quotes, non-ASCII and control characters so that readers' string quoting is
// exercised too.
import { Rand } from './rand';

export interface FrameSite {
  func: string;
  file: string;
  /** First line of the function; frames use lines just after it. */
  line: number;
  /** Entry PC of the function; a frame's PC is derived from its line so the same PC always means the same frame. */
  pc: number;
}

const SITES: readonly Omit<FrameSite, 'pc'>[] = [
  { func: 'main.main', file: '/home/gopher/app/main.go', line: 21 },
  { func: 'main.worker', file: '/home/gopher/app/worker.go', line: 48 },
  { func: 'main.(*Server).handle', file: '/home/gopher/app/server.go', line: 112 },
  { func: 'main.process.func1', file: '/home/gopher/app/worker.go', line: 90 },
  { func: 'runtime.gopark', file: '/usr/local/go/src/runtime/proc.go', line: 435 },
  { func: 'runtime.chanrecv1', file: '/usr/local/go/src/runtime/chan.go', line: 506 },
  { func: 'runtime.chansend1', file: '/usr/local/go/src/runtime/chan.go', line: 161 },
  { func: 'runtime.selectgo', file: '/usr/local/go/src/runtime/select.go', line: 351 },
  { func: 'runtime.newproc', file: '/usr/local/go/src/runtime/proc.go', line: 5000 },
  { func: 'runtime.mallocgc', file: '/usr/local/go/src/runtime/malloc.go', line: 1010 },
  { func: 'runtime.gcAssistAlloc', file: '/usr/local/go/src/runtime/mgcmark.go', line: 430 },
  { func: 'runtime.bgsweep', file: '/usr/local/go/src/runtime/mgcsweep.go', line: 280 },
  { func: 'runtime.GC', file: '/usr/local/go/src/runtime/mgc.go', line: 480 },
  { func: 'syscall.Syscall', file: '/usr/local/go/src/syscall/syscall_linux.go', line: 73 },
  { func: 'internal/poll.(*FD).Read', file: '/usr/local/go/src/internal/poll/fd_unix.go', line: 165 },
  { func: 'net.(*conn).Read', file: '/usr/local/go/src/net/net.go', line: 194 },
  { func: 'net/http.(*conn).serve', file: '/usr/local/go/src/net/http/server.go', line: 2002 },
  { func: 'sync.(*Mutex).Lock', file: '/usr/local/go/src/sync/mutex.go', line: 46 },
  { func: 'sync.(*WaitGroup).Wait', file: '/usr/local/go/src/sync/waitgroup.go', line: 118 },
  { func: 'time.Sleep', file: '/usr/local/go/src/runtime/time.go', line: 300 },
  { func: 'runtime/trace.Log', file: '/usr/local/go/src/runtime/trace/annotation.go', line: 95 },
  { func: 'encoding/json.Unmarshal', file: '/usr/local/go/src/encoding/json/decode.go', line: 97 },
  { func: 'main.(*cache).get[...]', file: '/home/gopher/app/cache.go', line: 33 },
  { func: 'C._cgo_callback', file: '_cgo_gotypes.go', line: 61 },
];

export const FRAME_SITES: readonly FrameSite[] = SITES.map((s, i) => ({ ...s, pc: 0x401000 + i * 0x1000 }));

export interface Frame {
  pc: number;
  func: string;
  file: string;
  line: number;
}

export function frameAt(site: FrameSite, offset: number): Frame {
  return { pc: site.pc + offset * 4, func: site.func, file: site.file, line: site.line + offset };
}

/** A call stack, innermost frame first, `depth` frames deep. */
export function randomStack(r: Rand, depth: number): Frame[] {
  const frames: Frame[] = [];
  for (let i = 0; i < depth; i++) frames.push(frameAt(r.pick(FRAME_SITES), r.int(40)));
  return frames;
}

export const BLOCK_REASONS = ['chan receive', 'chan send', 'select', 'sync', 'sleep', 'network', 'sync.(*Cond).Wait', 'GC background sweeper wait', 'wait for debug call', 'system goroutine wait'];
export const STOP_REASONS = ['preempted', 'yield', 'forever'];
export const STW_KINDS = ['GC mark termination', 'GC sweep termination', 'stop for trace', 'start trace', 'GOMAXPROCS', 'ReadMemStats', 'goroutine profile'];
export const LABELS = ['GC (dedicated)', 'GC (fractional)', 'GC (idle)', 'worker "a"'];
export const TASK_NAMES = ['request', 'batch job', 'cache fill', 'naïve ünïcode task', 'tab\tseparated'];
export const REGION_NAMES = ['decode', 'db query', 'render', 'lock wait', 'emoji 🚀 region'];
export const LOG_KEYS = ['', 'user', 'phase', 'quote"key'];
export const LOG_VALUES = ['started', 'done', 'id=42', 'line1\nline2', 'back\\slash', '\u0001ctl'];
