// Our text reader against Go's (internal/trace/raw.TextReader, driven through
// Go's own .test encoder): the same texts are accepted with the same bytes,
// and malformed texts fail with Go's error text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc } from '@fast-check/jest';
import { describeGo } from '../support/go';
import { goTestCaseTrace } from '../../src/readers/goOracle';
import { encodeRawTrace } from '../../src/trace/rawWriter';
import { parseTextTrace } from '../../src/trace/textReader';
import { rawEventsToText } from '../../src/trace/textWriter';
import { formatTestFile } from '../../src/trace/testFile';
import { specsFor } from '../../src/trace/spec';
import { RawEvent } from '../../src/trace/rawEvent';
import { toU64 } from '../../src/trace/u64';
import { VERSIONS } from '../../src/trace/version';
import { TEXT_FAULTS, TEXT_ODDITIES } from '../support/textFaultCases';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tracefuzz-text-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Go's encoding of a trace text, or its error text. */
async function goEncode(trace: string): Promise<{ bytes?: Uint8Array; error?: string }> {
  // A fresh path per call: Go's encoder output is cached by path.
  const file = join(dir, `case${n++}-${process.hrtime.bigint()}.test`);
  writeFileSync(file, formatTestFile({ comment: '', expect: { kind: 'success' }, trace }));
  try {
    return { bytes: await goTestCaseTrace(file) };
  } catch (e) {
    const m = /bad trace file: ([\s\S]*)$/.exec((e as Error).message);
    return { error: m ? m[1].trim() : (e as Error).message };
  }
}

function ours(trace: string): { bytes?: Uint8Array; error?: string } {
  try {
    const { version, events } = parseTextTrace(trace);
    return { bytes: encodeRawTrace(version, events) };
  } catch (e) {
    return { error: (e as { goMessage?: string }).goMessage ?? String(e) };
  }
}

describeGo("the text format against Go's text reader", () => {
  test('each malformed text fails with the text Go gives', async () => {
    for (const [name, text, , msg] of TEXT_FAULTS) {
      const go = await goEncode(text);
      expect({ name, go: go.error }).toEqual({ name, go: msg });
      expect({ name, ours: ours(text).error }).toEqual({ name, ours: msg });
    }
  });

  test('odd but valid texts encode to the same bytes', async () => {
    for (const [name, text] of TEXT_ODDITIES) {
      const go = await goEncode(text);
      expect({ name, error: go.error }).toEqual({ name, error: undefined });
      expect({ name, bytes: ours(text).bytes }).toEqual({ name, bytes: go.bytes });
    }
  });

  test('random traces in our text form encode to the same bytes in Go', async () => {
    const u64 = fc.oneof(fc.nat(1000), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(toU64));
    for (const v of VERSIONS) {
      const specs = specsFor(v);
      const types = specs.flatMap((s, t) => (s ? [t] : []));
      const ev = fc.constantFrom(...types).chain((type) => {
        const s = specs[type]!;
        return fc
          .tuple(fc.array(u64, { minLength: s.args.length, maxLength: s.args.length }), fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }))
          .map(([args, str]): RawEvent => {
            const e: RawEvent = { version: v, type, args: s.isStack ? [args[0], 1, 1, 2, 3, 4] : args };
            if (s.hasData) e.data = new TextEncoder().encode(str);
            return e;
          });
      });
      const events = fc.sample(ev, { seed: 500 + v, numRuns: 200 });
      const text = rawEventsToText(v, events);
      const go = await goEncode(text);
      expect({ v, error: go.error }).toEqual({ v, error: undefined });
      expect(encodeRawTrace(v, events)).toEqual(go.bytes);
    }
  });
});
