// Reading a command's input: a file path, or "-" for standard input; and a
// text trace or .test file turned into the binary trace it stands for.
import { readFileSync } from 'node:fs';
import { InputError } from './usageError';
import { TextFormatError } from '../trace/textReader';
import { traceFromText } from '../corpus/traceText';
import { looksLikeTestFile, parseTestFile } from '../trace/testFile';

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

/** Text or .test content → binary trace bytes. Throws InputError/TextFormatError/TestFileError. */
export function encodeText(text: string, name = 'input'): Uint8Array {
  let traceText = text;
  let lineOffset = 0;
  if (looksLikeTestFile(text)) {
    const tf = parseTestFile(text);
    traceText = tf.trace;
    // Report lines of the whole file, not of the section.
    const at = text.lastIndexOf('\n-- trace --\n');
    lineOffset = at < 0 ? 1 : text.slice(0, at + 1).split('\n').length;
  }
  try {
    return traceFromText(traceText);
  } catch (e) {
    if (e instanceof TextFormatError) throw new InputError(`${name}:${e.line + lineOffset}: ${e.goMessage}`);
    throw e;
  }
}
