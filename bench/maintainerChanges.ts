// `npm run changes`: issue 12's four one-line maintainer changes to x/exp's
// reader — only try the head of the frontier; no sequence check in GoStart;
// none in GoUnblock; refuse the SyscallAbandoned-over-Syscall promotion —
// each applied to a copy of golang.org/x/exp/trace at --version (latest),
// written out as a .diff and compared with the unchanged reader by
// `tracefuzz report --baseline go-exp@VER --candidate go-exp@VER+FILE.diff --time T` (60s). Prints each report's verdict line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { coverageSource, readerDirOf } from '../src/readers/goCoverageBuild';
import { applyMutant, GoMutant } from '../src/readers/goMutants';

const CHANGES: { name: string; file: string; find: string; replace: string }[] = [
  { name: 'frontier-head-only', file: 'reader.go', find: 'for i := 1; i < len(r.frontier); i++ {', replace: 'for i := 1; i < 1; i++ {' },
  { name: 'go-start-no-seq-check', file: 'order.go', find: 'state.status != tracev2.GoRunnable || !seq.succeeds(state.seq)', replace: 'state.status != tracev2.GoRunnable' },
  { name: 'go-unblock-no-seq-check', file: 'order.go', find: 'state.status != tracev2.GoWaiting || !seq.succeeds(state.seq)', replace: 'state.status != tracev2.GoWaiting' },
  { name: 'refuse-abandoned-promotion', file: 'order.go', find: 'if status == tracev2.ProcSyscallAbandoned && s.status == tracev2.ProcSyscall {', replace: 'if false && status == tracev2.ProcSyscallAbandoned && s.status == tracev2.ProcSyscall {' },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { version: { type: 'string' }, time: { type: 'string' }, out: { type: 'string' } } });
  const spec = `go-exp@${values.version ?? 'latest'}`;
  const time = values.time ?? '60s';
  const out = resolve(values.out ?? mkdtempSync(join(tmpdir(), 'tracefuzz-changes-')));
  mkdirSync(out, { recursive: true });
  const { name, source } = await coverageSource(spec);
  console.log(`${name}: four maintainer changes, each compared by tracefuzz report --time ${time}; diffs and reports in ${out}`);
  for (const c of CHANGES) {
    const text = readFileSync(join(readerDirOf(source), c.file), 'utf8');
    const at = text.indexOf(c.find);
    if (at < 0 || text.indexOf(c.find, at + 1) >= 0) throw new Error(`${c.name}: ${c.file} has ${at < 0 ? 'no' : 'more than one'} ${JSON.stringify(c.find)}`);
    const start = Buffer.byteLength(text.slice(0, at));
    const m: GoMutant = { id: c.name, file: c.file, line: text.slice(0, at).split('\n').length, op: 'hand', start, end: start + Buffer.byteLength(c.find), original: c.find, replacement: c.replace };
    const applied = await applyMutant(source, m);
    // The change as a maintainer has it: a patch to the module, the candidate `go-exp@VER+FILE.diff`.
    const diff = join(out, `${c.name}.diff`);
    writeFileSync(diff, applied.diff.replace(/^--- a\//m, '--- a/trace/').replace(/^\+\+\+ b\//m, '+++ b/trace/'));
    applied.dispose();
    const started = Date.now();
    const r = spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'tracefuzz.js'), 'report', '--baseline', name, '--candidate', `${name}+${diff}`, '--time', time, '--out', join(out, c.name), '--no-minimize'], { encoding: 'utf8' });
    const verdict = r.stdout.split('\n').find((l) => /regression/i.test(l)) ?? r.stderr.trim().split('\n').pop();
    console.log(`${c.name} (${c.file}:${m.line}): ${verdict} [exit ${r.status}, ${((Date.now() - started) / 1000).toFixed(0)} s]`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
