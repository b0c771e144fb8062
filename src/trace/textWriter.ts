// RawEvents → Go's text trace format (what raw.TextWriter and
// `go tool trace -d=wire` print): a `Trace Go1.NN` header line, then one event
// per line with its frames and data on indented lines below it.
import { rawEventString, RawEvent } from './rawEvent';
import { Version, versionName } from './version';

/** The header line, without its newline. */
export function textHeader(v: Version): string {
  return `Trace ${versionName(v)}`;
}

export class TextWriter {
  private readonly parts: string[];

  constructor(readonly version: Version) {
    this.parts = [textHeader(version) + '\n'];
  }

  write(ev: RawEvent): this {
    if (ev.version !== this.version) {
      throw new RangeError(`mismatched version between writer (go 1.${this.version}) and event (go 1.${ev.version})`);
    }
    this.parts.push(rawEventString(ev) + '\n');
    return this;
  }

  writeAll(evs: Iterable<RawEvent>): this {
    for (const ev of evs) this.write(ev);
    return this;
  }

  text(): string {
    return this.parts.join('');
  }
}

/** The whole text form of a trace, header included, each line ending in a newline. */
export function rawEventsToText(version: Version, events: Iterable<RawEvent>): string {
  return new TextWriter(version).writeAll(events).text();
}
