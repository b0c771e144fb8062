// One streaming measurement of the TS reader: readTraceAsync over the file
// read in chunks into one buffer (the CLI's Input, as `tracefuzz dump`
// reads), in a process of its own so that its peak RSS is the reader's.
// Prints one JSON line: { events, error, ms, cpuMs, maxRssBytes }.
//
// Usage: node tsStream.js TRACE
import { Input } from '../src/cli/readInput';
import { readTraceAsync } from '../src/trace/reader';
import { TraceError } from '../src/trace/traceError';
import { peakRssBytes } from './peakRss';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsStream.js TRACE');
  process.exit(2);
}

async function consume(): Promise<{ events: number; error: string | null }> {
  let events = 0;
  try {
    for await (const _ of readTraceAsync(new Input(file).chunks(true))) events++;
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return { events, error: e.message };
  }
  return { events, error: null };
}

void (async () => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const { events, error } = await consume();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
    console.log(JSON.stringify({ events, error, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssBytes: peakRssBytes() }));
})();
