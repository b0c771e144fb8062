// Go's own tooling, built for tests that hand it tracefuzz's output: the
// corpus loader (test/go/corpusload: testtrace.ParseFile and Go's reader on
// every .test case) and the test binary of internal/trace, whose FuzzReader
// replays a corpus entry as `go test -run=FuzzReader/NAME` does. Both are built
// from the toolchain's GOROOT into temporary directories (nothing is written
// into GOROOT; Go's build cache keeps the work).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { goEnv, GoToolchain } from '../../src/readers/goToolchain';

/** Builds test/go/corpusload inside GOROOT (it imports internal/trace/testtrace) with an overlay. */
export function buildCorpusLoad(tc: GoToolchain): string {
  const work = mkdtempSync(join(tmpdir(), 'tracefuzz-corpusload-'));
  const pkg = join(tc.goroot, 'src', 'cmd', 'tracefuzzcorpusload');
  writeFileSync(join(work, 'overlay.json'), JSON.stringify({ Replace: { [join(pkg, 'main.go')]: join(__dirname, '..', 'go', 'corpusload', 'main.go') } }));
  const bin = join(work, 'corpusload');
  execFileSync(tc.go, ['build', '-overlay', join(work, 'overlay.json'), '-o', bin, 'cmd/tracefuzzcorpusload'], {
    cwd: work,
    env: goEnv(tc, { GOMODCACHE: join(work, 'modcache') }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return bin;
}

/** `go test -c internal/trace`: the package's test binary (FuzzReader included). */
export function buildTraceTestBinary(tc: GoToolchain): string {
  const work = mkdtempSync(join(tmpdir(), 'tracefuzz-tracetest-'));
  const bin = join(work, 'trace.test');
  execFileSync(tc.go, ['test', '-c', '-o', bin, 'internal/trace'], {
    cwd: work,
    env: goEnv(tc, { GOMODCACHE: join(work, 'modcache') }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return bin;
}

/**
 * Runs FuzzReader on one corpus entry exactly as `go test -run=FuzzReader/NAME`
 * in internal/trace does: the test binary, run in a directory whose
 * testdata/fuzz/FuzzReader holds the entry.
 */
export function replayFuzzReaderEntry(testBinary: string, entry: string): { status: number | null; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-fuzzreader-'));
  const corpus = join(dir, 'testdata', 'fuzz', 'FuzzReader');
  mkdirSync(corpus, { recursive: true });
  copyFileSync(entry, join(corpus, basename(entry)));
  const r = spawnSync(testBinary, [`-test.run=^FuzzReader$/^${basename(entry)}$`, '-test.v'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout + r.stderr };
}
