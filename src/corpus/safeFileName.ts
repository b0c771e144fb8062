// File names made from data — a signature id from a case's metadata, an
// operator, a reproducer's name — and the one check every writer of such a
// name makes: the path it writes stays inside the folder it was given. A
// `signature: x/../../../../tmp/pwned` line must name a file in the corpus,
// never one elsewhere.
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** A path that would leave its folder. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * One path component from any text: lower case letters, digits, dots and
 * dashes; no separator, no leading dot, no `..`, at most `max` characters;
 * `fallback` when nothing is left.
 */
export function safeFileName(text: string, fallback = 'case', max = 60): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, max)
    .replace(/[-.]+$/g, '');
  return s || fallback;
}

/** dir/name, resolved; throws UnsafePathError unless it is a file directly inside dir. */
export function pathInside(dir: string, name: string): string {
  const base = resolve(dir);
  const full = resolve(base, name);
  const rel = relative(base, full);
  if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel) || rel.includes(sep)) {
    throw new UnsafePathError(`refusing to write ${JSON.stringify(name)}: not a file name inside ${base}`);
  }
  return full;
}
