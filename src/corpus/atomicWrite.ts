// Writing a file so that a crash or `kill -9` at any moment leaves either the
// old file, the new file, or nothing — never a half-written one. The data goes
// to a temporary file in the same directory (rename is only atomic within one
// file system), is fsynced, and is then renamed over the target; the directory
// is fsynced too so the rename itself survives a power cut. A write that fails
// (a full disk, a file size limit) removes its temporary file and throws a
// FileWriteError naming the target: nothing half-written is left.
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP_MARK = '.tmp-';
let counter = 0;

/** The file system calls the writer makes: a seam through which tests inject a full disk. */
export interface FileOps {
  openSync(path: string, flags: string, mode: number): number;
  writeSync(fd: number, data: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
}

const REAL_OPS: FileOps = {
  openSync: (p, f, m) => fs.openSync(p, f, m),
  writeSync: (fd, d, o, l) => fs.writeSync(fd, d, o, l),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  unlinkSync: (p) => fs.unlinkSync(p),
};

let ops: FileOps = REAL_OPS;

/** Replaces some file system calls (tests only); with no argument, restores the real ones. */
export function setFileOpsForTest(replacement?: Partial<FileOps>): void {
  ops = replacement ? { ...REAL_OPS, ...replacement } : REAL_OPS;
}

/** A write that failed: the target's path and the system's reason; errno code and syscall kept. */
export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  readonly code: string;
  readonly syscall: string;
  constructor(readonly path: string, cause: unknown) {
    const e = cause as NodeJS.ErrnoException;
    super(`cannot write ${path}: ${e?.message ?? String(cause)}`);
    this.code = typeof e?.code === 'string' ? e.code : 'EIO';
    this.syscall = typeof e?.syscall === 'string' ? e.syscall : 'write';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** True for the names of temporary files this module creates (loaders skip them). */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARK);
}

/**
 * A file being written atomically: chunks go to a temporary file beside the
 * target; commit() makes them the target's content at once, abort() (or any
 * failed write) removes the temporary file. Memory holds no more than a chunk.
 */
export class AtomicFile {
  private fd: number | null;
  private readonly temp: string;

  constructor(readonly path: string) {
    this.temp = join(dirname(path), `.${basename(path)}${TEMP_MARK}${process.pid}-${counter++}`);
    try {
      this.fd = ops.openSync(this.temp, 'wx', 0o644);
    } catch (err) {
      throw new FileWriteError(path, err);
    }
  }

  /** Appends data; on failure the temporary file is gone and a FileWriteError is thrown. */
  write(data: Uint8Array | string): void {
    if (this.fd === null) throw new Error(`${this.path}: write after commit or abort`);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      let off = 0;
      while (off < bytes.length) off += ops.writeSync(this.fd, bytes, off, bytes.length - off);
    } catch (err) {
      this.abort();
      throw new FileWriteError(this.path, err);
    }
  }

  /** Flushes to disk and renames the temporary file over the target. */
  commit(): void {
    if (this.fd === null) throw new Error(`${this.path}: commit after commit or abort`);
    const fd = this.fd;
    try {
      ops.fsyncSync(fd);
      this.fd = null;
      ops.closeSync(fd);
      ops.renameSync(this.temp, this.path);
    } catch (err) {
      this.fd = fd;
      this.abort();
      throw new FileWriteError(this.path, err);
    }
    syncDir(dirname(this.path));
  }

  /** Drops what was written: the target is untouched. Safe to call more than once. */
  abort(): void {
    if (this.fd !== null) {
      try { ops.closeSync(this.fd); } catch { /* already closed */ }
      this.fd = null;
    }
    try { ops.unlinkSync(this.temp); } catch { /* already gone */ }
  }
}

/** Writes a whole file atomically (see AtomicFile). */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const f = new AtomicFile(path);
  f.write(data);
  f.commit();
}

function syncDir(dir: string): void {
  // Not every platform can open a directory for fsync; the rename is still atomic there.
  try {
    const fd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch { /* best effort */ }
}

/** The pid a temporary file or pid-tagged name carries, if any. */
export function writerPid(name: string): number | null {
  const m = /(?:\.tmp-|\.new-)(\d+)(?:-\d+)?$/.exec(name);
  const pid = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(pid) ? pid : null;
}

/**
 * Removes the temporary files that writers killed mid-write left in dir (only
 * those of the file named `of`, when given). A temporary file names its
 * writer's process; one whose process still runs (a campaign writing into the
 * same corpus) is left alone.
 */
export function removeStaleTempFiles(dir: string, of?: string): number {
  let removed = 0;
  const prefix = of === undefined ? null : `.${of}${TEMP_MARK}`;
  for (const name of fs.readdirSync(dir)) {
    if (!isTempFileName(name) || (prefix !== null && !name.startsWith(prefix))) continue;
    const pid = writerPid(name);
    if (pid !== null && processRuns(pid)) continue;
    try { fs.unlinkSync(join(dir, name)); removed++; } catch { /* raced with another cleaner */ }
  }
  return removed;
}

/** Whether a process with this pid runs (ours included). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
