// Failure messages a person can act on: what was done to which trace, the
// trace in Go's text format, and the expected and actual event streams around
// the first place they differ.
import { RawReader } from '../trace/rawReader';
import { rawEventString } from '../trace/rawEvent';
import { textHeader } from '../trace/textWriter';
import type { Outcome } from '../readers/traceReader';
import { firstDifference } from './stream';

const MAX_TEXT_LINES = 400;

/** The trace in Go's text format (as far as it frames correctly), capped in length. */
export function traceText(bytes: Uint8Array): string {
  const lines: string[] = [];
  try {
    const r = new RawReader(bytes);
    lines.push(textHeader(r.version));
    for (const ev of r) {
      lines.push(...rawEventString(ev).split('\n'));
      if (lines.length > MAX_TEXT_LINES) {
        lines.push(`… (${bytes.length} bytes in all; text cut at ${MAX_TEXT_LINES} lines)`);
        break;
      }
    }
  } catch (e) {
    lines.push(`<bytes from here on do not frame: ${e instanceof Error ? e.message : String(e)}>`);
  }
  return lines.join('\n');
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
}

/** Expected vs actual, a few events either side of the first difference. */
export function diffAround(expected: readonly string[], actual: readonly string[], context = 3): string {
  const i = firstDifference(expected, actual);
  if (i < 0) return '  (event streams are identical)';
  const from = Math.max(0, i - context);
  const show = (xs: readonly string[]) => {
    const out: string[] = [];
    for (let j = from; j < Math.min(xs.length, i + context + 1); j++) out.push(`${j === i ? '>' : ' '} [${j}] ${xs[j]}`);
    if (i >= xs.length) out.push(`> [${i}] <end of stream>`);
    return out.join('\n');
  };
  return `  first difference at event ${i} (expected ${expected.length} events, got ${actual.length})\n  expected:\n${indent(show(expected))}\n  actual:\n${indent(show(actual))}`;
}

export function outcomeSummary(o: Outcome): string {
  return `${o.kind}${o.error !== null ? `: ${o.error.split('\n')[0]}` : ''} after ${o.eventsBeforeError} event(s)`;
}

export interface FailureContext {
  reader: string;
  what: string;
  bytes: Uint8Array;
}

export function failureMessage(ctx: FailureContext, body: string): string {
  return [`reader: ${ctx.reader}`, `case: ${ctx.what}`, body, `trace (text format):`, indent(traceText(ctx.bytes))].join('\n');
}
