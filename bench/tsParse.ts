// One TS-reader measurement, in a process of its own so its peak RSS is the
// reader's, not the benchmark driver's. Prints one JSON line:
// { events, error, ms, maxRssBytes }.
//
// Usage: tsx bench/tsParse.ts TRACE [--strings]
import { readFileSync } from 'node:fs';
import { readTrace } from '../src/trace/reader';
import { TraceError } from '../src/trace/traceError';

const [file, flag] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsParse.ts TRACE [--strings]');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(file));
const withStrings = flag === '--strings';
// The loop is in a function, as in any real consumer: V8 optimizes
// top-level script code less well, which would be charged to the reader.
function consume(): { events: number; chars: number; error: string | null } {
  let events = 0;
  let chars = 0;
  try {
    for (const ev of readTrace(bytes)) {
      events++;
      // --strings also formats each event, as a dump would (Go's count mode does not).
      if (withStrings) chars += ev.toString().length;
    }
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return { events, chars, error: e.message };
  }
  return { events, chars, error: null };
}
const t0 = performance.now();
const { events, chars, error } = consume();
const ms = performance.now() - t0;
// resourceUsage().maxRSS is in kilobytes.
console.log(JSON.stringify({ events, error, ms, chars, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
