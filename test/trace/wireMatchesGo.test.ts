// Go's own conformance cases, read from the installed toolchain at test time:
// every trace section survives text → binary → text unchanged, and our decode
// of the binary prints exactly what `go tool trace -d=wire` prints.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { goToolTraceDump, goTraceTestdataDir } from '../../src/readers/goToolchain';
import { parseTextTrace } from '../../src/trace/textReader';
import { rawEventsToText } from '../../src/trace/textWriter';
import { encodeRawTrace } from '../../src/trace/rawWriter';
import { readRawEvents } from '../../src/trace/rawReader';
import { parseTestFile, formatTestFile } from '../../src/trace/testFile';

/** Our decode output without the header line, which Go's dump does not print. */
function decodeLines(bin: Uint8Array): string {
  const { version, events } = readRawEvents(bin);
  return rawEventsToText(version, events).split('\n').slice(1).join('\n');
}

describeGo('Go testdata cases through the wire and text formats', (tc) => {
  const cases = () => {
    const dir = goTraceTestdataDir(tc());
    return readdirSync(dir)
      .filter((f) => f.endsWith('.test'))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
  };

  test('the toolchain has test cases for every version family', () => {
    const names = cases().map((c) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(20);
    expect(names.some((n) => n.startsWith('go122-'))).toBe(true);
    expect(names.some((n) => n.startsWith('go125-'))).toBe(true);
  });

  test('each .test file reformats to itself and its trace round-trips text → binary → text byte for byte', () => {
    for (const c of cases()) {
      const tf = parseTestFile(c.text);
      expect({ name: c.name, text: formatTestFile(tf) }).toEqual({ name: c.name, text: c.text });
      const { version, events } = parseTextTrace(tf.trace);
      const bin = encodeRawTrace(version, events);
      const back = readRawEvents(bin);
      expect(back.version).toBe(version);
      expect({ name: c.name, text: rawEventsToText(back.version, back.events) }).toEqual({ name: c.name, text: tf.trace });
    }
  });

  test('decode of each encoded case equals go tool trace -d=wire, byte for byte', async () => {
    for (const c of cases()) {
      const { version, events } = parseTextTrace(parseTestFile(c.text).trace);
      const bin = encodeRawTrace(version, events);
      const go = await goToolTraceDump(tc(), bin, 'wire');
      expect({ name: c.name, exit: go.exitCode, stderr: go.stderr }).toEqual({ name: c.name, exit: 0, stderr: '' });
      expect({ name: c.name, out: decodeLines(bin) }).toEqual({ name: c.name, out: go.stdout });
    }
  });
});
