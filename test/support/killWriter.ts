// Drives test/fixtures/corpus/atomicWriter.js in one of its modes and SIGKILLs
// it mid-write: the kill-safety suites then check that nothing it reported as
// saved is missing or half-written.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const child = join(__dirname, '..', 'fixtures', 'corpus', 'atomicWriter.js');

/** Runs the writer until its stdout has `lines` lines (plus `extraMs`), then SIGKILLs it; resolves to the lines it reported. */
export function runAndKill(mode: string, dir: string, lines: number, extraMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, mode, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    p.stdout.on('data', (d) => {
      out += d;
      if (!killed && out.split('\n').length > lines) {
        killed = true;
        setTimeout(() => p.kill('SIGKILL'), extraMs);
      }
    });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited ${code}: ${err}`));
      resolve(out.split('\n').filter((l) => l !== ''));
    });
  });
}
