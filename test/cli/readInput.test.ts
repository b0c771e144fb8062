// A command's input read in chunks: whether each chunk is a buffer of its
// own or one buffer is reused for all (dump and decode, whose readers copy
// what they keep), the chunks taken as they come are the file, after a look
// at its head or not; and a file read again at an offset (dump), which
// standard input and devices cannot be.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Input } from '../../src/cli/readInput';
import { InputError } from '../../src/cli/usageError';

const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Over four chunks, the last one short.
const bytes = Uint8Array.from({ length: (1 << 20) + 12345 }, (_, i) => (i * 7919) % 251);
const file = join(dir, 'input.bin');
writeFileSync(file, bytes);

async function collect(input: Input, reuse: boolean): Promise<{ data: Buffer; distinct: number }> {
  const copies: Buffer[] = [];
  const buffers = new Set<ArrayBufferLike>();
  for await (const c of input.chunks(reuse)) {
    copies.push(Buffer.from(c)); // a copy, taken before the next chunk is asked for
    buffers.add(c.buffer);
  }
  return { data: Buffer.concat(copies), distinct: buffers.size };
}

test.each([false, true])('chunks (reuse %s) are the file', async (reuse) => {
  const { data, distinct } = await collect(new Input(file), reuse);
  expect(data.equals(Buffer.from(bytes))).toBe(true);
  expect(distinct).toBe(reuse ? 1 : 5);
});

test('after a look at the head, the chunks still start at the first byte', async () => {
  const input = new Input(file);
  expect([...input.head(16)]).toEqual([...bytes.subarray(0, 16)]);
  const { data } = await collect(input, true);
  expect(data.equals(Buffer.from(bytes))).toBe(true);
});

test('readerAt reads a file at any offset, after its chunks have ended too, until close()', async () => {
  const input = new Input(file);
  const readAt = input.readerAt();
  expect(readAt).not.toBeNull();
  const { data } = await collect(input, true);
  expect(data.length).toBe(bytes.length);
  const into = new Uint8Array(1000);
  expect(readAt!(123_456, into)).toBe(1000);
  expect([...into]).toEqual([...bytes.subarray(123_456, 124_456)]);
  // Short only at the end of the file.
  expect(readAt!(bytes.length - 10, into)).toBe(10);
  expect([...into.subarray(0, 10)]).toEqual([...bytes.subarray(bytes.length - 10)]);
  input.close();
  expect(() => readAt!(0, into)).toThrow(InputError);
});

test('readerAt is null for standard input and for what is not a regular file', () => {
  expect(new Input('-').readerAt()).toBeNull();
  expect(new Input('/dev/null').readerAt()).toBeNull();
});
