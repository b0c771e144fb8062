// Go's reader orders events of different Ms by timestamp only: when two Ms
// have events at the same time, which comes first depends on Go's map
// iteration order, so the same reader can print them either way on two runs.
// It then makes timestamps strictly increasing (an event at or before the
// previous one moves to previous+1), so the tied events swap times as well as
// places. Comparison therefore looks at "tie groups" — runs of events each at
// most one tick after the one before, between Syncs — as sorted multisets,
// each event timed at its group's start.

/** What ordering needs of a normalized event (normalize.ts). */
export interface TieEvent {
  kind: string;
  time: string;
  /** Set when the line could not be parsed: it stands alone. */
  unparsed?: string;
}

export interface CanonicalEvent<E extends TieEvent = TieEvent> {
  event: E;
  /** The event without its time, for ordering and comparing within a group. */
  key: string;
  /** Time of the first event of the event's tie group (the event's own time for Syncs). */
  groupTime: bigint | null;
  /**
   * The group starts one tick after a Sync: go1.25+ move events stamped
   * before a generation's opening Sync to just after it, so their own time
   * may have been anything earlier.
   */
  rightAfterSync?: boolean;
}

export function canonicalOrder<E extends TieEvent>(events: readonly E[]): CanonicalEvent<E>[] {
  const out: CanonicalEvent<E>[] = [];
  let group: CanonicalEvent<E>[] = [];
  let prev: bigint | null = null;
  let lastSync: bigint | null = null;
  const flush = () => {
    if (group.length > 1) group.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    // Not push(...group): a group may hold a whole real trace's worth of events.
    for (const e of group) out.push(e);
    group = [];
  };
  for (const ev of events) {
    const t = parseTime(ev.time);
    if (ev.kind === 'Sync' || ev.unparsed !== undefined || t === null) {
      flush();
      prev = null;
      lastSync = ev.kind === 'Sync' ? t : null;
      out.push({ event: ev, key: eventKey(ev), groupTime: t });
      continue;
    }
    if (prev === null || t > prev + 1n) flush();
    const start: bigint = group.length ? group[0].groupTime! : t;
    const rightAfterSync = group.length ? group[0].rightAfterSync : lastSync !== null && prev === null && t === lastSync + 1n;
    group.push({ event: ev, key: eventKey(ev), groupTime: start, ...(rightAfterSync ? { rightAfterSync } : {}) });
    prev = t;
  }
  flush();
  return out;
}

function parseTime(s: string): bigint | null {
  return /^-?\d+$/.test(s) ? BigInt(s) : null;
}

function eventKey(ev: TieEvent): string {
  if (ev.unparsed !== undefined) return `raw:${ev.unparsed}`;
  const { time: _time, ...rest } = ev;
  return JSON.stringify(rest);
}
