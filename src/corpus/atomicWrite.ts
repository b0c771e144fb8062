// Writing a file so that a crash or `kill -9` at any moment leaves either the
// old file, the new file, or nothing — never a half-written one. The data goes
// to a temporary file in the same directory (rename is only atomic within one
// file system), is fsynced, and is then renamed over the target; the directory
// is fsynced too so the rename itself survives a power cut.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP_MARK = '.tmp-';
let counter = 0;

/** True for the names of temporary files this module creates (loaders skip them). */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARK);
}

export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}${TEMP_MARK}${process.pid}-${counter++}`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(temp, 'wx', 0o644);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try { unlinkSync(temp); } catch { /* already gone */ }
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (err) {
    try { unlinkSync(temp); } catch { /* already gone */ }
    throw err;
  }
  syncDir(dir);
}

function syncDir(dir: string): void {
  // Not every platform can open a directory for fsync; the rename is still atomic there.
  try {
    const fd = openSync(dir, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  } catch { /* best effort */ }
}

/**
 * Removes the temporary files that writers killed mid-write left in dir. A
 * temporary file names its writer's process; one whose process still runs (a
 * campaign writing into the same corpus) is left alone.
 */
export function removeStaleTempFiles(dir: string): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!isTempFileName(name)) continue;
    const pid = Number(/\.tmp-(\d+)-\d+$/.exec(name)?.[1]);
    if (Number.isSafeInteger(pid) && processRuns(pid)) continue;
    try { unlinkSync(join(dir, name)); removed++; } catch { /* raced with another cleaner */ }
  }
  return removed;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
