// A command's input read in chunks: whether each chunk is a buffer of its
// own or one buffer is reused for all (dump and decode, whose readers copy
// what they keep), the chunks taken as they come are the file, after a look
// at its head or not.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Input } from '../../src/cli/readInput';

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
