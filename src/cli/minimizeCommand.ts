// `tracefuzz minimize IN [--reader SPEC] [--signature TEXT] -o OUT`: reduces a
// trace while the reader still fails the same way (same outcome kind and error
// class, or the class given with --signature); prints sizes and time.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, parseCommandArgs } from './command';
import { EXIT_OK, InputError, UsageError } from './usageError';
import { encodeText, Input as InputFile } from './readInput';
import { writeOutput, writeStdout } from './output';
import { durationOption, openReaderOption } from './options';
import { CaseMetadata } from '../corpus/caseMetadata';
import { CaseFormatError, caseFromTrace, formatCase, parseCase } from '../corpus/corpusCase';
import { errorClass, outcomeClass } from '../fuzz/errorClass';
import { expectationFor } from '../corpus/expectation';
import { MinimizeError, minimizeTrace } from '../minimize/minimizer';
import { disagreementPredicate, disagrees } from '../fuzz/reproducer';
import { makeSignature, parseSignatureKey, signatureId, signatureKey } from '../fuzz/signature';
import { looksLikeTestFile } from '../trace/testFile';
import { traceVersion } from '../trace/version';
import type { Outcome, TraceReader } from '../readers/traceReader';
import { readTrace } from '../trace/reader';
import { isTraceError } from '../trace/traceError';

const usage = `usage: tracefuzz minimize IN -o OUT [--reader SPEC] [--signature TEXT | --differs-from SPEC]
                          [--expect-from SPEC] [--max-runs N] [--time DURATION] [--timeout DURATION]

Reduces IN (a binary trace, a text trace or a .test file) while the reader SPEC
(default ts) still fails the same way: the same kind of outcome (error, crash,
timeout) and the same error class (its error text with numbers normalized).
--differs-from SPEC instead keeps the trace while the reader fails the case
built from SPEC's outcome (its error, or success, and its event count), with
both readers' error classes unchanged: a conformance or regression case that
replays against SPEC and fails against the reader.
--signature sets the error class to keep instead (an error text, or a
signature "PROPERTY|ERROR CLASS"). Works on generations, batches,
events, argument values, then bytes.

OUT ending in .test gets a Go-compatible test case whose expectation is the
outcome of --expect-from (default: the --differs-from reader, else the same
reader) on the result; any other
OUT gets the binary trace. --max-runs and --time bound the work.`;

interface Input {
  trace: Uint8Array;
  meta: CaseMetadata | null;
}

function loadInput(path: string): Input {
  const input = new InputFile(path);
  // Judge the first bytes before reading the rest: a 4 GB file that is no trace is refused at once.
  const head = new TextDecoder().decode(input.head(4096));
  // A binary trace, even with a broken version number: let the reader judge it.
  if (head.startsWith('go 1.')) return { trace: input.all(), meta: null };
  if (!head.startsWith('Trace Go1.') && !/^-- |\n-- /.test(head) && !looksLikeTestFile(head)) {
    input.close();
    throw new InputError(`${path}: not a Go execution trace, text trace or .test file`);
  }
  const text = new TextDecoder().decode(input.all());
  if (looksLikeTestFile(text)) {
    let c;
    try {
      c = parseCase(text, path);
    } catch (e) {
      throw new InputError(`${path}: ${(e as Error).message}`);
    }
    return { trace: encodeText(text, path), meta: c.meta };
  }
  if (head.startsWith('Trace Go1.')) return { trace: encodeText(text, path), meta: null };
  throw new InputError(`${path}: not a Go execution trace, text trace or .test file`);
}

/**
 * For the in-tree TS reader, the predicate needs only the outcome's kind and
 * error: reading without keeping every event's text lets the minimizer start
 * from traces of tens of megabytes.
 */
function summaryReader(spec: string, reader: TraceReader): TraceReader {
  if (spec !== 'ts' && spec !== 'ts:strict') return reader;
  const opts = { strict: spec === 'ts:strict' };
  return {
    name: reader.name,
    async read(trace: Uint8Array): Promise<Outcome> {
      let n = 0;
      try {
        for (const ev of readTrace(trace, opts)) { void ev; n++; }
      } catch (e) {
        if (isTraceError(e)) return { kind: 'error', events: [], error: e.message, eventsBeforeError: n };
        return { kind: 'crash', events: [], error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), eventsBeforeError: n };
      }
      return { kind: 'ok', events: [], error: null, eventsBeforeError: n };
    },
    close: () => reader.close(),
  };
}

function fmtBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(2)} MiB (${n} bytes)` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB (${n} bytes)` : `${n} bytes`;
}

export const command: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      output: { type: 'string', short: 'o' },
      reader: { type: 'string', short: 'r' },
      signature: { type: 'string' },
      'expect-from': { type: 'string' },
      'differs-from': { type: 'string' },
      'max-runs': { type: 'string' },
      time: { type: 'string' },
      timeout: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
    }, 1);
    if (positionals.length !== 1) throw new UsageError('minimize needs one input file');
    if (!values.output) throw new UsageError('minimize needs -o OUT');
    const maxTests = values['max-runs'] === undefined ? undefined : Number(values['max-runs']);
    if (maxTests !== undefined && !(Number.isInteger(maxTests) && maxTests > 0)) throw new UsageError(`bad --max-runs ${JSON.stringify(values['max-runs'])}`);
    const timeLimitMs = durationOption('--time', values.time);
    const timeoutMs = durationOption('--timeout', values.timeout);
    // Where the result goes is checked now, not after minutes of work.
    const outDir = dirname(resolve(values.output));
    if (!existsSync(outDir) || !statSync(outDir).isDirectory()) throw new InputError(`${values.output}: no such directory ${outDir}`);
    if (values.output !== '-' && existsSync(values.output) && statSync(values.output).isDirectory()) {
      throw new InputError(`${values.output}: is a directory (give the file to write, e.g. ${join(values.output, 'case.test')})`);
    }
    const input = loadInput(positionals[0]);
    const spec = values.reader ?? 'ts';
    const fullReader = await openReaderOption(spec, timeoutMs);
    // The summary reader's outcomes carry no event texts: fine for classes, not for --differs-from.
    const reader = values['differs-from'] === undefined ? summaryReader(spec, fullReader) : fullReader;
    let expectReader: TraceReader | null = null;
    let baseline: TraceReader | null = null;
    try {
      const original = await reader.read(input.trace);
      let target: string;
      if (values['differs-from'] !== undefined) {
        if (values.signature !== undefined) throw new UsageError('--signature and --differs-from do not go together');
        baseline = await openReaderOption(values['differs-from'], timeoutMs);
        target = `${outcomeClass(original)} (differs from ${baseline.name})`;
        if (!(await disagrees(reader, baseline, input.trace))) {
          throw new InputError(`${reader.name} agrees with ${baseline.name} on ${positionals[0]}: nothing to minimize`);
        }
      } else if (values.signature !== undefined) {
        const parsed = parseSignatureKey(values.signature);
        const cls = parsed ? parsed.cause.replace(/^crashes: /, 'crash: ') : values.signature;
        target = ['ok', 'timeout'].includes(cls) || /^(crash|error): /.test(cls) ? cls : `error: ${errorClass(cls)}`;
      } else {
        if (original.kind === 'ok') throw new InputError(`${reader.name} reads ${positionals[0]} without error: nothing to minimize (give --signature)`);
        target = outcomeClass(original);
      }
      const log = (s: string) => { if (!values.quiet) process.stderr.write(s + '\n'); };
      log(`minimizing ${positionals[0]} (${fmtBytes(input.trace.length)}) while ${reader.name} gives: ${target}`);
      let result;
      try {
        const predicate = baseline
          ? await disagreementPredicate(reader, baseline, input.trace)
          : async (t: Uint8Array) => outcomeClass(await reader.read(t)) === target;
        result = await minimizeTrace(input.trace, predicate, {
          maxTests,
          timeLimitMs,
          onProgress: (p) => log(`  ${p.stage.padEnd(12)} ${String(p.size).padStart(10)} bytes  ${String(p.tests).padStart(6)} runs  ${(p.elapsedMs / 1000).toFixed(1)} s`),
        });
      } catch (e) {
        if (e instanceof MinimizeError) throw new InputError(`${positionals[0]}: ${e.message} (${reader.name} gives: ${outcomeClass(original)})`);
        throw e;
      }

      let out = values.output;
      let wrote = 'binary trace';
      if (out.endsWith('.test')) {
        const from = values['expect-from'];
        expectReader = from && from !== spec && from !== values['differs-from'] ? await openReaderOption(from, timeoutMs) : null;
        const refReader = expectReader ?? (from === spec ? fullReader : baseline ?? fullReader);
        const ref = await refReader.read(result.bytes);
        const headerVersion = traceVersion(result.bytes);
        const version = input.meta?.version ?? (headerVersion === null ? 'unknown' : `go1.${headerVersion}`);
        const property = values['differs-from'] !== undefined ? 'P7' : input.meta?.property ?? 'minimize';
        const sig = makeSignature(property, outcomeClass(original).replace(/^(error|crash): /, ''), input.meta?.operator ?? 'none', version);
        const meta: CaseMetadata = {
          ...(input.meta ?? { extra: {}, notes: [] }),
          signature: signatureId(sig),
          signatureKey: signatureKey(sig),
          property: sig.property,
          operator: sig.operator,
          version,
          reader: fullReader.name,
          date: new Date().toISOString(),
          events: ref.kind === 'ok' ? ref.events.length : ref.eventsBeforeError,
        };
        let text: string | null = null;
        try {
          text = formatCase(caseFromTrace(result.bytes, meta, expectationFor(ref)));
        } catch (e) {
          if (!(e instanceof CaseFormatError)) throw e;
          out = out.replace(/\.test$/, '.trace');
          log(`note: ${e.message}; writing the binary trace to ${out} instead`);
        }
        await writeOutput(out, text ?? result.bytes);
        if (text !== null) wrote = '.test case';
      } else {
        await writeOutput(out, result.bytes);
      }
      const t = result.trailing;
      if (t.before > 0) {
        log(t.after === 0
          ? `note: removed ${fmtBytes(t.before)} of trailing bytes that do not frame as events`
          : `note: kept ${fmtBytes(t.after)} of the ${fmtBytes(t.before)} of trailing bytes that do not frame as events: the failure needs them` +
            (t.after > 4096 ? ' (the byte pass only works on results up to 4 KiB)' : ''));
      }
      await writeStdout(
        `${positionals[0]}: ${fmtBytes(result.originalSize)} -> ${fmtBytes(result.bytes.length)} in ${(result.elapsedMs / 1000).toFixed(1)} s ` +
          `(${result.tests} runs of ${reader.name}${result.truncated ? ', stopped at the limit' : ''}); ${wrote} written to ${out}\n`,
      );
      return EXIT_OK;
    } finally {
      await fullReader.close();
      await expectReader?.close();
      await baseline?.close();
    }
  },
};
