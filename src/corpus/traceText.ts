// Converting a corpus trace between wire bytes and Go's text format. A trace
// has a text form when it frames completely as raw events and no event with
// trailing data has empty data (Go's text writer prints no data line for it,
// so its text reader could not read it back).
import { rawEventString, RawEvent } from '../trace/rawEvent';
import { encodeRawTrace } from '../trace/rawWriter';
import { parseTextTrace } from '../trace/textReader';
import { versionName } from '../trace/version';
import { batchHeaderArgs, parseSkeleton, textFormProblem } from '../minimize/traceSkeleton';

export class NoTextFormError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoTextFormError';
  }
}

export function hasTextForm(trace: Uint8Array): boolean {
  const s = parseSkeleton(trace);
  return s !== null && textFormProblem(s) === null;
}

/** The trace in Go's text format (`Trace Go1.NN`, then one event per line). */
export function traceToText(trace: Uint8Array): string {
  const s = parseSkeleton(trace);
  if (!s) throw new NoTextFormError('not a Go execution trace');
  const problem = textFormProblem(s);
  if (problem) throw new NoTextFormError(problem);
  const lines = [`Trace ${versionName(s.version)}`];
  for (const b of s.batches) {
    const events = b.header ? [b.header, ...b.events] : b.events;
    for (const ev of events) {
      // A batch header carries the size as it will be encoded, not as it was read.
      const args = ev === b.header ? batchHeaderArgs(b) : ev.args;
      const raw: RawEvent = { version: s.version, type: ev.type, args };
      if (ev.data !== undefined) raw.data = ev.data;
      lines.push(rawEventString(raw));
    }
  }
  return lines.join('\n') + '\n';
}

/** Wire bytes of a text-format trace, as Go's testtrace.ParseFile builds them (text reader, then raw writer). */
export function traceFromText(text: string): Uint8Array {
  const { version, events } = parseTextTrace(text);
  return encodeRawTrace(version, events);
}
