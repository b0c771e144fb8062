// `npm run bench`: the TS reader against Go's reader on every shape of real
// runtime trace (bench/shapes.ts) in every trace format version.
//
// For each shape and version it builds (or finds in the cache) a trace of
// tens of MB with the shape's program and that version's toolchain, then, in
// rounds whose order alternates so that load on a shared machine hits both
// sides alike:
//  - read: Go's reader counting events (bench/go, the installed toolchain's
//    internal/trace reading the file as `go tool trace` does) against the TS
//    reader counting events (readTrace over the file read into memory), each
//    in a process of its own; events/s, their ratio, peak RSS;
//  - dump: `go tool trace -d=parsed FILE` against `tracefuzz dump FILE`,
//    whole processes with stdout to /dev/null; seconds, ratio, peak RSS;
//  - stream: readTraceAsync over a file stream: events/s and peak RSS,
//    beside the size of the trace's largest generation.
// The TS code is compiled by tsc with the project's settings and run by
// plain node (users run compiled JavaScript). Speed is printed, never
// asserted.
//
// Options: --shapes a,b (all)  --versions 22,26 (all)  --runs N (5: read and
//          stream rounds)  --dump-runs N (1: a dump of tens of MB prints
//          gigabytes of text, a minute or more)
//          --scale F (1: the sizes in shapes.ts; 0.1 for a quick run)
//          --no-dump  --no-stream  --tsx (TS runs through tsx instead)
//          --warm (each TS read process reads the trace a second time, once
//          V8 has compiled the reader: the steady state, beside Go's read;
//          and the first read split into file read, start-up and steady
//          state, against what the 1.5× target leaves; bench/firstRead.ts)
//          --floor (each round also reads with the ordering taken out, a
//          first read in a process of its own: the floor under the reader's
//          time that no work on the ordering goes below; bench/orderingFloor.ts)
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildInGoroot } from '../src/readers/goOracle';
import { programTracePath } from '../src/readers/goPrograms';
import { findGo, goEnv, GoToolchain } from '../src/readers/goToolchain';
import { writeHeader } from '../src/trace/version';
import { compileTs } from './compileTs';
import { FirstReadParts, firstReadParts, firstReadShortfall, formatFirstRead, steadyCutNeeded, cutPercent } from './firstRead';
import { median } from './median';
import { formatFloor, orderingOverBudget } from './orderingFloor';
import { generationSizes } from './generationSizes';
import { SHAPES, Shape, VERSIONS } from './shapes';

const ROOT = join(__dirname, '..');
const MB = 1 << 20;
/** The read ratio the benchmark is judged by (the target). */
const TARGET = 1.5;

/** One run of one side: what the child printed (events and error only for readers). */
interface Measurement {
  events?: number;
  error?: string | null;
  exitCode?: number;
  ms: number;
  /** --warm: the TS reader's second read of the trace in the same process. */
  warmMs?: number;
  /** The TS reader's file read, part of ms. */
  fileMs?: number;
  maxRssBytes: number;
}

interface Options {
  shapes: Shape[];
  versions: typeof VERSIONS;
  runs: number;
  dumpRuns: number;
  scale: number;
  dump: boolean;
  stream: boolean;
  tsx: boolean;
  warm: boolean;
  floor: boolean;
}

function usage(message: string): never {
  console.error(`bench: ${message}`);
  console.error('usage: npm run bench -- [--shapes a,b] [--versions 22,26] [--runs N] [--dump-runs N] [--scale F] [--no-dump] [--no-stream] [--tsx] [--warm] [--floor]');
  console.error(`shapes: ${SHAPES.map((s) => s.program).join(', ')}; versions: ${VERSIONS.map((v) => v.version).join(', ')}`);
  process.exit(2);
}

function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        shapes: { type: 'string' },
        versions: { type: 'string' },
        runs: { type: 'string', default: '5' },
        'dump-runs': { type: 'string', default: '1' },
        scale: { type: 'string', default: '1' },
        'no-dump': { type: 'boolean', default: false },
        'no-stream': { type: 'boolean', default: false },
        tsx: { type: 'boolean', default: false },
        warm: { type: 'boolean', default: false },
        floor: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    usage((e as Error).message);
  }
  const pick = <T>(list: string | undefined, all: readonly T[], key: (t: T) => string, what: string): T[] => {
    if (list === undefined) return [...all];
    return list.split(',').map((name) => all.find((t) => key(t) === name) ?? usage(`unknown ${what} ${JSON.stringify(name)}`));
  };
  const runs = Number(values.runs);
  const dumpRuns = Number(values['dump-runs']);
  const scale = Number(values.scale);
  if (!Number.isInteger(runs) || runs < 1) usage('--runs wants a positive integer');
  if (!Number.isInteger(dumpRuns) || dumpRuns < 1) usage('--dump-runs wants a positive integer');
  if (!(scale > 0)) usage('--scale wants a positive number');
  return {
    shapes: pick(values.shapes, SHAPES, (s) => s.program, 'shape'),
    versions: pick(values.versions, VERSIONS, (v) => String(v.version), 'version'),
    runs,
    dumpRuns,
    scale,
    dump: !values['no-dump'],
    stream: !values['no-stream'],
    tsx: values.tsx,
    warm: values.warm,
    floor: values.floor,
  };
}

// The compiled code lives outside the project: its packages are found through NODE_PATH.
const CHILD_ENV = { ...process.env, NODE_PATH: join(ROOT, 'node_modules') };

/** Runs a command and parses the JSON line it prints last. */
function runJson(cmd: string, args: string[]): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20, env: CHILD_ENV }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as Measurement);
      } catch {
        reject(new Error(`${cmd} ${args.join(' ')}: ${(stderr || err?.message || 'no output').trim()}`));
      }
    });
  });
}

/** How to run each side. */
interface Sides {
  goCount(file: string): Promise<Measurement>;
  tsParse(file: string): Promise<Measurement>;
  /** The TS reader with its ordering taken out (bench/orderingFloor.ts). */
  tsFloor(file: string): Promise<Measurement>;
  tsStream(file: string): Promise<Measurement>;
  goDump(file: string): Promise<Measurement>;
  tsDump(file: string): Promise<Measurement>;
}

async function prepareSides(tc: GoToolchain, compiled: string | null, warm: boolean): Promise<Sides> {
  const tool = await buildInGoroot(tc, 'tracefuzzbench', { 'main.go': join(ROOT, 'bench', 'go', 'main.go') });
  const traceTool = execFileSync(tc.go, ['tool', '-n', 'trace'], { env: goEnv(tc), encoding: 'utf8' }).trim();
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const node = (script: string, nodeFlags: string[]): [string, string[]] =>
    compiled !== null ? [process.execPath, [...nodeFlags, join(compiled, 'out', `${script}.js`)]] : [tsx, [...nodeFlags, join(ROOT, `${script}.ts`)]];
  const ts = (script: string, ...args: string[]) => {
    const [cmd, pre] = node(script, []);
    return [cmd, ...pre, ...args];
  };
  // --warm: the second read starts from a collected heap (see tsParse.ts).
  const [parseCmd, parsePre] = node('bench/tsParse', warm ? ['--expose-gc'] : []);
  return {
    goCount: (file) => runJson(tool, ['count', file]),
    tsParse: (file) => runJson(parseCmd, [...parsePre, file, ...(warm ? ['--warm'] : [])]),
    tsFloor: (file) => runJson(parseCmd, [...parsePre, file, '--no-ordering']),
    tsStream: (file) => runJson(...split(ts('bench/tsStream', file))),
    goDump: (file) => runJson(tool, ['run', traceTool, '-d=parsed', file]),
    tsDump: (file) => runJson(tool, ['run', ...ts('src/cli/main', 'dump', file)]),
  };
}

const split = (argv: string[]): [string, string[]] => [argv[0], argv.slice(1)];

const rate = (m: Measurement) => (m.events ?? 0) / (m.ms / 1000);
const fmtRate = (r: number) => `${(r / 1e6).toFixed(2)} M ev/s`;
const fmtMb = (b: number) => `${(b / MB).toFixed(0)} MB`;
const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const best = (ms: Measurement[]) => ms.reduce((a, b) => (b.ms < a.ms ? b : a));
const peak = (ms: Measurement[]) => Math.max(...ms.map((m) => m.maxRssBytes));

interface Row {
  shape: string;
  version: number;
  traceMb: number;
  events: number;
  goRate: number;
  tsRate: number;
  ratio: number;
  /** --warm: the median ratio of the TS reader's second read to Go's read. */
  warmRatio?: number;
  /** --warm: the TS first read's parts, and what the target leaves them. */
  firstRead?: FirstReadParts;
  /** --floor: the median ratio of the floor's first read (no ordering) to Go's read. */
  floorRatio?: number;
  goRss: number;
  tsRss: number;
  dump?: { goMs: number; tsMs: number; ratio: number; goRss: number; tsRss: number };
  stream?: { rate: number; rss: number; largestGen: number; baseline: number };
}

async function measureOne(sides: Sides, opts: Options, file: string, label: string, baselineRss: number): Promise<Omit<Row, 'shape' | 'version' | 'traceMb'>> {
  const go: Measurement[] = [];
  const ts: Measurement[] = [];
  const goDump: Measurement[] = [];
  const tsDump: Measurement[] = [];
  const stream: Measurement[] = [];
  const floor: Measurement[] = [];
  for (let i = 0; i < Math.max(opts.runs, opts.dump ? opts.dumpRuns : 0); i++) {
    // Alternate which side goes first.
    const pairs: Array<[() => Promise<Measurement>, Measurement[]]> = [];
    if (i < opts.runs) pairs.push([() => sides.goCount(file), go], [() => sides.tsParse(file), ts]);
    if (opts.dump && i < opts.dumpRuns) pairs.push([() => sides.goDump(file), goDump], [() => sides.tsDump(file), tsDump]);
    if (i % 2 === 1) for (let k = 0; k + 1 < pairs.length; k += 2) [pairs[k], pairs[k + 1]] = [pairs[k + 1], pairs[k]];
    if (opts.stream && i < opts.runs) pairs.push([() => sides.tsStream(file), stream]);
    if (opts.floor && i < opts.runs) pairs.push([() => sides.tsFloor(file), floor]);
    for (const [run, into] of pairs) into.push(await run());
    process.stdout.write('.');
  }
  process.stdout.write('\r');
  const g = best(go);
  const s = best(ts);
  for (const m of [...ts, ...stream]) {
    if (m.events !== g.events || m.error !== g.error) {
      console.log(`WARNING ${label}: the readers disagree: go ${g.events} events (${g.error ?? 'ok'}), ts ${m.events} events (${m.error ?? 'ok'})`);
    }
  }
  for (const m of [...goDump, ...tsDump]) {
    if (m.exitCode !== 0) console.log(`WARNING ${label}: a dump exited with status ${m.exitCode}`);
  }
  // The ratio of each round (both sides under the same load), then the median.
  const ratio = median(go.map((m, i) => rate(ts[i]) / rate(m)));
  const row: Omit<Row, 'shape' | 'version' | 'traceMb'> = {
    events: g.events ?? 0,
    goRate: rate(g),
    tsRate: rate(s),
    ratio,
    goRss: peak(go),
    tsRss: peak(ts),
  };
  if (opts.warm) {
    row.warmRatio = median(go.map((m, i) => m.ms / ts[i].warmMs!));
    row.firstRead = firstReadParts(go.map((m, i) => ({ goMs: m.ms, tsMs: ts[i].ms, fileMs: ts[i].fileMs!, warmMs: ts[i].warmMs! })), TARGET);
  }
  console.log(
    `  read    go ${fmtRate(rate(g)).padStart(14)} (best of ${fmtS(g.ms)}, RSS ${fmtMb(row.goRss)})  ` +
      `ts ${fmtRate(rate(s)).padStart(14)} (best of ${fmtS(s.ms)}, RSS ${fmtMb(row.tsRss)})  ts/go ${ratio.toFixed(2)}× ` +
      `(per round: ${go.map((m, i) => (rate(ts[i]) / rate(m)).toFixed(2)).join(' ')})` +
      (row.warmRatio !== undefined ? `; ts read again in the same process ${row.warmRatio.toFixed(2)}×` : ''),
  );
  if (row.firstRead) console.log(`  first   ts file read + start-up + steady state: ${formatFirstRead(row.firstRead, TARGET)}`);
  if (opts.floor) {
    // Its events are not Go's (nothing is checked), so it is compared by rate.
    const rounds = go.map((m, i) => rate(floor[i]) / rate(m));
    row.floorRatio = median(rounds);
    console.log(
      `  floor   ts with no ordering: ${fmtRate(rate(best(floor)))}, ts/go ${formatFloor(ratio, row.floorRatio, TARGET)} ` +
        `(per round: ${rounds.map((x) => x.toFixed(2)).join(' ')})`,
    );
  }
  if (opts.dump) {
    const gd = best(goDump);
    const td = best(tsDump);
    const dratio = median(goDump.map((m, i) => m.ms / tsDump[i].ms));
    row.dump = { goMs: gd.ms, tsMs: td.ms, ratio: dratio, goRss: peak(goDump), tsRss: peak(tsDump) };
    console.log(
      `  dump    go ${fmtS(gd.ms).padStart(9)} (RSS ${fmtMb(row.dump.goRss)})  ts ${fmtS(td.ms).padStart(9)} (RSS ${fmtMb(row.dump.tsRss)})  ` +
        `go/ts ${dratio.toFixed(2)}× (per round: ${goDump.map((m, i) => (m.ms / tsDump[i].ms).toFixed(2)).join(' ')})`,
    );
  }
  if (opts.stream) {
    const st = best(stream);
    const gens = generationSizes(new Uint8Array(readFileSync(file)));
    const largest = Math.max(...gens);
    row.stream = { rate: rate(st), rss: peak(stream), largestGen: largest, baseline: baselineRss };
    console.log(
      `  stream  ts ${fmtRate(rate(st))} readTraceAsync over the file in chunks, peak RSS ${fmtMb(row.stream.rss)} ` +
        `(${fmtMb(row.stream.rss - baselineRss)} above node's own); largest of ${gens.length} generation(s) ${fmtMb(largest)}`,
    );
  }
  return row;
}

function printTable(rows: Row[], opts: Options): void {
  console.log('\n| shape | version | trace | events | Go ev/s | TS ev/s | TS/Go | best/best | RSS Go / TS |' + (opts.warm ? ' TS again/Go | TS first read: file + start-up + steady |' : '') +
    (opts.floor ? ' no ordering/Go |' : '') +
    (opts.dump ? ' dump Go/TS |' : '') + (opts.stream ? ' stream RSS (above node\'s own; largest generation) |' : ''));
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |' + (opts.warm ? ' ---: | ---: |' : '') + (opts.floor ? ' ---: |' : '') + (opts.dump ? ' ---: |' : '') + (opts.stream ? ' ---: |' : ''));
  for (const r of rows) {
    let line = `| ${r.shape} | go1.${r.version} | ${r.traceMb.toFixed(0)} MB | ${(r.events / 1e6).toFixed(2)} M | ` +
      `${(r.goRate / 1e6).toFixed(2)} M | ${(r.tsRate / 1e6).toFixed(2)} M | **${r.ratio.toFixed(2)}×** | ${(r.tsRate / r.goRate).toFixed(2)}× | ${fmtMb(r.goRss)} / ${fmtMb(r.tsRss)} |`;
    if (opts.warm) line += ` ${r.warmRatio!.toFixed(2)}× | ${formatFirstRead(r.firstRead!, TARGET)} |`;
    if (opts.floor) line += ` ${formatFloor(r.ratio, r.floorRatio!, TARGET)} |`;
    if (opts.dump) line += r.dump ? ` ${r.dump.ratio.toFixed(2)}× |` : ' |';
    if (opts.stream) line += r.stream ? ` ${fmtMb(r.stream.rss)} (+${fmtMb(r.stream.rss - r.stream.baseline)}; ${fmtMb(r.stream.largestGen)}) |` : ' |';
    console.log(line);
  }
  const worst = rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  console.log(`\nlowest read ratio ts/go: ${worst.ratio.toFixed(2)}× (${worst.shape} go1.${worst.version}; target ≥ ${TARGET}×)`);
  const bestOfBest = (r: Row) => r.tsRate / r.goRate;
  const worstBest = rows.reduce((a, b) => (bestOfBest(b) < bestOfBest(a) ? b : a));
  console.log(`lowest read ratio of the best runs: ${bestOfBest(worstBest).toFixed(2)}× (${worstBest.shape} go1.${worstBest.version})`);
  if (opts.warm) {
    const shortfalls = rows.map((r) => firstReadShortfall(r.firstRead!));
    const steadyShort = shortfalls.filter((w) => w === 'steady').length;
    const startupShort = shortfalls.filter((w) => w === 'start-up').length;
    console.log(
      `first read short of ${TARGET}×: ${steadyShort} of ${rows.length} rows with the steady state alone, ` +
        `${startupShort} more once the file read and start-up are added`,
    );
    const cuts = rows.map((r) => steadyCutNeeded(r.firstRead!)).filter((c) => c > 0);
    if (cuts.length > 0) {
      console.log(
        `to reach ${TARGET}× on its first read with the file read and start-up as they are, the steady state would have to take ` +
          `${cutPercent(Math.min(...cuts))}–${cutPercent(Math.max(...cuts))}% less time on those ${cuts.length} rows`,
      );
    }
  }
  if (opts.floor) {
    const ratios = rows.map((r) => r.floorRatio!);
    // Rows whose floor misses too leave the ordering nothing: counted above, not in the range.
    const over = rows.map((r) => orderingOverBudget(r.ratio, r.floorRatio!, TARGET)).filter((x) => x > 0 && x !== Infinity);
    console.log(
      `with no ordering at all, first read ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}× Go's; ` +
        `short of ${TARGET}× on ${ratios.filter((x) => x < TARGET).length} of ${rows.length} rows` +
        (over.length > 0
          ? `; on the ${over.length} rows whose first read is short and floor is not, the ordering takes ` +
            `${Math.min(...over).toFixed(1)}–${Math.max(...over).toFixed(1)}× the time ${TARGET}× leaves it`
          : ''),
    );
  }
  if (opts.dump) {
    const d = rows.filter((r) => r.dump).reduce((a, b) => (b.dump!.ratio < a.dump!.ratio ? b : a));
    console.log(`lowest dump ratio go/ts: ${d.dump!.ratio.toFixed(2)}× (${d.shape} go1.${d.version}; target ≥ 1.2×)`);
  }
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const tc = findGo();
  if (!tc) throw new Error('the benchmark needs the Go toolchain');
  console.log(`tracefuzz bench — ${tc.version} reader, node ${process.version}, load average ${load()}`);
  let t = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'tracefuzz-bench-'));
  const compiled = opts.tsx ? null : compileTs(work);
  console.log(compiled === null ? 'ts: run through tsx' : `ts: compiled by tsc into ${compiled} (${((performance.now() - t) / 1000).toFixed(1)} s), run by node`);
  const rows: Row[] = [];
  try {
    const sides = await prepareSides(tc, compiled, opts.warm);
    // Node's own peak RSS, reading a trace of one tiny generation the same way.
    let baselineRss = 0;
    if (opts.stream) {
      const empty = join(work, 'empty.trace');
      writeFileSync(empty, writeHeader(26));
      baselineRss = (await sides.tsStream(empty)).maxRssBytes;
      console.log(`node's own peak RSS (streaming a header-only trace): ${fmtMb(baselineRss)}`);
    }
    for (const shape of opts.shapes) {
      for (const { version, toolchain } of opts.versions) {
        const size = Math.max(1, Math.round(shape.size * opts.scale));
        t = performance.now();
        const file = await programTracePath(shape.program, { toolchain, size, timeoutMs: 1_800_000 });
        const traceMb = statSync(file).size / MB;
        const label = `${shape.program} go1.${version}`;
        console.log(`${label} (-size ${size}): ${traceMb.toFixed(1)} MB, ${shape.what} (${((performance.now() - t) / 1000).toFixed(0)} s to build or find)`);
        rows.push({ shape: shape.program, version, traceMb, ...(await measureOne(sides, opts, file, label, baselineRss)) });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  printTable(rows, opts);
  console.log(`load average at the end: ${load()}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
