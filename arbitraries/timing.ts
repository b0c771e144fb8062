// Where a fault sits in the reader's order of a generation. With one perfect
// clock the reader takes events in the order of their timestamps; with skewed
// clocks it may take an early-stamped event late (it waits for what it depends
// on) and ties in any order. What stays certain is a clean cut: if every
// event before some point of the model's run has an earlier timestamp than
// every event after it, the reader takes all the events before the cut (the
// first of those still unread that can advance always has the earliest
// timestamp of the heads) and none after, before anything at the cut. So a
// fault placed at a clean cut is reached after exactly those events — in the
// valid stream's order when their timestamps are all distinct (the reader's
// choices then depend on timestamps alone), otherwise in some order.

/** How a fault's place in the reader's order is known. */
export interface ExactPrefix {
  /** Events (CPU samples aside) of the faulty generation the reader emits before it fails on the fault. */
  events: number;
  /** They come in the order of the valid trace's stream; false: the same events, in an order equal timestamps may change. */
  ordered: boolean;
}

export class GenTiming {
  /** Per serial position j (0..n): largest timestamp before j, smallest from j on, stream events before j, and whether two events before j share a timestamp. */
  private readonly preMax: number[];
  private readonly postMin: number[];
  private readonly streamBefore: number[];
  private readonly tiedBefore: boolean[];
  private readonly times: number[];

  /** Per serial position j: smallest time of the CPU samples taken from j on. */
  private readonly laterSampleMin: number[];

  /**
   * `events`: the generation's model events in the model's order; `stepStarts[i]`: how many came before step i;
   * `samples`: its CPU samples, each with the number of events emitted before it.
   */
  constructor(
    events: readonly { time: number; stream: number }[],
    readonly stepStarts: readonly number[],
    samples: readonly { time: number; serial: number }[] = [],
  ) {
    const n = events.length;
    this.times = events.map((e) => e.time);
    this.preMax = new Array(n + 1);
    this.streamBefore = new Array(n + 1);
    this.tiedBefore = new Array(n + 1);
    this.postMin = new Array(n + 1);
    const seen = new Set<number>();
    this.preMax[0] = -Infinity;
    this.streamBefore[0] = 0;
    this.tiedBefore[0] = false;
    for (let j = 0; j < n; j++) {
      const t = this.times[j];
      this.preMax[j + 1] = Math.max(this.preMax[j], t);
      this.streamBefore[j + 1] = this.streamBefore[j] + events[j].stream;
      this.tiedBefore[j + 1] = this.tiedBefore[j] || seen.has(t);
      seen.add(t);
    }
    this.postMin[n] = Infinity;
    for (let j = n - 1; j >= 0; j--) this.postMin[j] = Math.min(this.postMin[j + 1], this.times[j]);
    this.laterSampleMin = new Array(n + 2).fill(Infinity);
    for (const s of samples) this.laterSampleMin[s.serial] = Math.min(this.laterSampleMin[s.serial], s.time);
    for (let j = n; j >= 0; j--) this.laterSampleMin[j] = Math.min(this.laterSampleMin[j], this.laterSampleMin[j + 1]);
  }

  private prefix(j: number): ExactPrefix {
    return { events: this.streamBefore[j], ordered: !this.tiedBefore[j] };
  }

  /**
   * A fault inserted before serial position j, stamped between the two sides
   * (everything after it, CPU samples included, is re-timed after it). The
   * valid trace must have the same cut, and no later CPU sample before it: the
   * reader emits a sample when its time comes, and each emission moves the
   * times it gives the events that follow.
   */
  insertedAt(j: number): ExactPrefix | null {
    const pre = this.preMax[j];
    return pre < this.postMin[j] && pre < this.laterSampleMin[j] ? this.prefix(j) : null;
  }

  /** A fault in the event at serial position j, which keeps its timestamp. */
  eventAt(j: number): ExactPrefix | null {
    const t = this.times[j];
    return this.preMax[j] < t && t < this.postMin[j + 1] ? this.prefix(j) : null;
  }

  /** A fault in a CPU sample at time t, made when j events had been emitted: the reader emits it once every earlier event is read. */
  sampleAt(j: number, t: number): ExactPrefix | null {
    return this.preMax[j] < t && t < this.postMin[j] ? this.prefix(j) : null;
  }
}
