// The project's own Go programs build, run and write real traces that Go's
// reader accepts, rich in what each program is for; and each trace format
// version (go1.22, go1.23, go1.25, go1.26) is produced by its toolchain.
import { describeGo } from '../support/go';
import { goToolTraceDump, releaseAvailable } from '../../src/readers/goToolchain';
import { FORMAT_TOOLCHAINS, GO_PROGRAM_NAMES, programTrace, GoProgram } from '../../src/readers/goPrograms';
import { traceVersion } from '../../src/trace/version';

/** Top-level event lines of a parsed dump (stack lines are indented or "Stack="). */
function eventLines(parsed: string): string[] {
  return parsed.split('\n').filter((l) => l.startsWith('M='));
}

/** What each program's trace must show, beyond parsing cleanly. */
const expectations: Record<GoProgram, (events: string[]) => void> = {
  gcpressure: (ev) => {
    expect(ev.filter((l) => / RangeBegin .*Name="GC concurrent mark phase"/.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(ev.some((l) => l.includes('Name="GC mark assist"'))).toBe(true);
    expect(ev.some((l) => l.includes('Name="/gc/heap/goal:bytes"'))).toBe(true);
  },
  goroutines: (ev) => {
    const created = new Set(ev.flatMap((l) => /NotExist->Runnable/.test(l) ? [/GoID=(\d+)/.exec(l)![1]] : []));
    expect(created.size).toBeGreaterThanOrEqual(2000);
    expect(ev.some((l) => /Reason="chan receive"/.test(l))).toBe(true);
    expect(ev.some((l) => l.includes('Reason="sync"'))).toBe(true); // mutex
    expect(ev.some((l) => l.includes('Reason="sync.(*Cond).Wait"'))).toBe(true);
    expect(ev.some((l) => l.includes('Reason="select"'))).toBe(true);
  },
  netio: (ev) => {
    expect(ev.filter((l) => /->Syscall /.test(l)).length).toBeGreaterThanOrEqual(50);
    expect(ev.some((l) => /Reason="network"/.test(l))).toBe(true);
  },
  annotations: (ev) => {
    for (const kind of ['TaskBegin', 'TaskEnd', 'RegionBegin', 'RegionEnd', 'Log']) {
      expect(ev.filter((l) => l.includes(` ${kind} `)).length).toBeGreaterThanOrEqual(10);
    }
    expect(new Set(ev.flatMap((l) => / Log .*Category="([^"]*)"/.exec(l)?.slice(1) ?? [])).size).toBeGreaterThanOrEqual(20);
  },
  cpuprofile: (ev) => {
    expect(ev.filter((l) => l.includes(' StackSample ')).length).toBeGreaterThanOrEqual(10);
  },
  shortlived: (ev) => {
    expect(ev.filter((l) => /NotExist->Runnable/.test(l)).length).toBeGreaterThanOrEqual(10_000);
    expect(ev.filter((l) => /Running->NotExist/.test(l)).length).toBeGreaterThanOrEqual(10_000);
  },
  syscalls: (ev) => {
    expect(ev.filter((l) => /->Syscall /.test(l)).length).toBeGreaterThanOrEqual(1000);
    expect(ev.some((l) => /Syscall->Runnable/.test(l))).toBe(true); // a blocked syscall exit
    expect(new Set(ev.map((l) => /^M=(\d+)/.exec(l)?.[1]).filter((m) => m !== undefined)).size).toBeGreaterThanOrEqual(6);
  },
  generations: (ev) => {
    // Sync at every generation start and once at the end: ≥ 3 generations.
    expect(ev.filter((l) => l.includes(' Sync ')).length).toBeGreaterThanOrEqual(4);
  },
};

// On a fresh machine the first Go build compiles the standard library and
// `go tool trace` builds itself: minutes on two cores. That is paid once,
// here, so each test's own time limit measures only its own work.
const COLD_BUILD_MS = 900_000;

describeGo('Go programs write real traces that Go reads', (tc) => {
  beforeAll(async () => {
    await goToolTraceDump(tc(), new Uint8Array(0), 'parsed');
    for (const program of GO_PROGRAM_NAMES) await programTrace(program);
  }, COLD_BUILD_MS);

  test.each(GO_PROGRAM_NAMES)('%s builds, runs and its go1.26 trace parses with rich content', async (program) => {
    const trace = await programTrace(program);
    expect(traceVersion(trace)).toBe(Number(/^go1\.(\d+)/.exec(tc().version)![1]));
    const dump = await goToolTraceDump(tc(), trace, 'parsed');
    expect(dump.stderr).toBe('');
    expect(dump.exitCode).toBe(0);
    const events = eventLines(dump.stdout);
    expect(events[0]).toMatch(/ Sync /);
    expect(events[events.length - 1]).toMatch(/ Sync /);
    expectations[program](events);
  });

  test('go1.26 traces close each generation with an EndOfGeneration batch (no spilled batch)', async () => {
    const wire = await goToolTraceDump(tc(), await programTrace('generations'), 'wire');
    expect(wire.exitCode).toBe(0);
    const gens = new Set(wire.stdout.split('\n').flatMap((l) => (/^EventBatch gen=(\d+)/.exec(l) ?? []).slice(1)));
    expect(gens.size).toBeGreaterThanOrEqual(3);
    expect(wire.stdout.split('\n').filter((l) => l === 'EndOfGeneration').length).toBe(gens.size);
  });

  // Old releases are fetched through the module proxy; that is part of the run
  // only when they are already cached or TRACEFUZZ_FETCH_GO=1 says to fetch.
  for (const { version, toolchain } of FORMAT_TOOLCHAINS.filter((f) => f.toolchain !== 'go')) {
    const t = releaseAvailable(toolchain) ? test : test.skip;
    t(`go${toolchain} builds every program, and their "go 1.${version} trace" files parse with the installed Go`, async () => {
      await Promise.all(
        GO_PROGRAM_NAMES.filter((p) => p !== 'generations').map(async (program) => {
          const trace = await programTrace(program, { toolchain });
          expect(traceVersion(trace)).toBe(version);
          const dump = await goToolTraceDump(tc(), trace, 'parsed');
          expect({ program, stderr: dump.stderr }).toEqual({ program, stderr: '' });
          expectations[program](eventLines(dump.stdout));
        }),
      );
    }, COLD_BUILD_MS);

    t(`go${toolchain}'s generations trace has ≥ 3 generations, each ended by a spilled batch`, async () => {
      const trace = await programTrace('generations', { toolchain });
      expect(traceVersion(trace)).toBe(version);
      const dump = await goToolTraceDump(tc(), trace, 'parsed');
      expect(dump.stderr).toBe('');
      expect(eventLines(dump.stdout).filter((l) => l.includes(' Sync ')).length).toBeGreaterThanOrEqual(4);
      const wire = await goToolTraceDump(tc(), trace, 'wire');
      expect(wire.exitCode).toBe(0);
      // Before go1.26 nothing marks a generation's end: the reader learns it
      // from the first batch of the next one.
      expect(wire.stdout).not.toMatch(/^EndOfGeneration$/m);
      expect(new Set(wire.stdout.split('\n').flatMap((l) => (/^EventBatch gen=(\d+)/.exec(l) ?? []).slice(1))).size).toBeGreaterThanOrEqual(3);
    }, COLD_BUILD_MS);
  }
});
