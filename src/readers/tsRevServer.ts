// The process behind `ts@REV`: serves the framed reader protocol with the TS
// reader of another revision of this repository, compiled to JavaScript in the
// cache (tsRevReader.ts builds it). Run as
//   node dist/src/readers/tsRevServer.js BUILD_DIR [--strict]   (or its .ts through tsx)
// where BUILD_DIR holds that revision's src/trace/*.js.
//
// A TraceError from the old reader is its answer ('E'); any other exception is
// a crash of that reader ('P'), which is exactly what P4 looks for.
import { join } from 'node:path';
import { encodeHello, encodeResponse } from './readerProtocol';

interface OldEvent { toString(): string }
interface OldReaderModule {
  readAll(bytes: Uint8Array, opts?: { strict?: boolean }): { events: OldEvent[]; error: (Error & { name: string }) | null };
}

async function main(): Promise<void> {
  const [dir, ...flags] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: tsRevServer BUILD_DIR [--strict]\n');
    process.exit(2);
  }
  const strict = flags.includes('--strict');
  // The revision's compiled reader, found at run time: only a dynamic import can name it.
  const mod = (await import(join(dir, 'src', 'trace', 'reader.js'))) as Partial<OldReaderModule>;
  if (typeof mod.readAll !== 'function') {
    process.stderr.write(`${dir}: src/trace/reader has no readAll(bytes, opts) at this revision\n`);
    process.exit(2);
  }
  let versions: number[] | undefined;
  try {
    const v = ((await import(join(dir, 'src', 'trace', 'version.js'))) as { VERSIONS?: unknown }).VERSIONS;
    if (Array.isArray(v)) versions = v.filter((x): x is number => typeof x === 'number');
  } catch {
    // an old revision without the list reads whatever it reads
  }
  const readAll = mod.readAll.bind(mod);
  process.stdout.write(encodeHello({ reader: `ts@${process.env.TRACEFUZZ_TS_REV ?? dir}${strict ? ':strict' : ''}`, versions }));

  let buf: Buffer = Buffer.alloc(0);
  process.stdin.on('data', (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= 5) {
      const op = buf[0];
      const n = buf.readUInt32LE(1);
      if (buf.length < 5 + n) return;
      const trace = new Uint8Array(buf.subarray(5, 5 + n));
      buf = buf.subarray(5 + n);
      process.stdout.write(encodeResponse(serve(readAll, trace, strict), op === 0x44));
    }
  });
  process.stdin.on('end', () => process.exit(0));
}

function serve(readAll: OldReaderModule['readAll'], trace: Uint8Array, strict: boolean): { status: 'ok' | 'error' | 'panic'; events: string[]; text: string } {
  try {
    const r = readAll(trace, strict ? { strict } : {});
    const events = r.events.map((e) => e.toString());
    if (!r.error) return { status: 'ok', events, text: '' };
    if (r.error.name === 'TraceError') return { status: 'error', events, text: r.error.message };
    return { status: 'panic', events, text: `panic: ${r.error.name}: ${r.error.message}` };
  } catch (err) {
    const e = err as Error;
    if (e?.name === 'TraceError') return { status: 'error', events: [], text: e.message };
    return { status: 'panic', events: [], text: `panic: ${e?.stack ?? String(err)}` };
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`tsRevServer: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
