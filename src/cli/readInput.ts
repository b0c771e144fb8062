// Reading a command's input: a file path, or "-" for standard input.
import { readFileSync } from 'node:fs';
import { InputError } from './usageError';

export function readInput(path: string): Uint8Array {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new InputError(`${path}: no such file`);
    if (err.code === 'EISDIR') throw new InputError(`${path}: is a directory`);
    throw new InputError(`${path}: ${err.message}`);
  }
}
