// Differences of one cause are reported once: cases are grouped by signature
// (class, properties, cause — classifyCase.ts), the operators and versions of
// a group's cases are counted inside it, and each group's first case is
// minimized (once) into the group's reproducer, given in the forms Go's own
// tooling takes (reproducerForms.ts) and, for regressions, saved to disk.
import { createHash } from 'node:crypto';
import { ComparedCase, differenceContext, summarize } from './compareCase';
import type { DifferenceGroup } from './reportSchema';
import { describeChange } from '../fuzz/failureCause';
import { fuzzCorpusFile, goBytesLiteral } from './reproducerForms';

/** What saving a group's reproducer wrote. */
export interface SavedReproducer {
  /** The corpus case (.test, or the raw .trace) that replay and minimize are pointed at. */
  corpusFile: string | null;
  files: string[];
  replay: string | null;
  minimize: string | null;
}

export interface ReproducerTools {
  /** Go's text format of a trace (falls back to a hex dump for unreadable bytes). */
  toText(trace: Uint8Array): string;
  /** Generations in the trace, or null when it cannot be told. */
  generations(trace: Uint8Array): number | null;
  /**
   * Shrinks the trace while `stillDiffers` holds; returns it unchanged when no
   * minimizer is available. Re-runs both readers, so it is called once per group.
   */
  minimize(trace: Uint8Array, stillDiffers: (t: Uint8Array) => Promise<boolean>): Promise<Uint8Array>;
  /**
   * Runs both readers on a (smaller) trace and compares them, keeping the
   * first case's property verdicts (properties need the case's valid original,
   * which a shrunk trace no longer has): so the signature still holds exactly
   * when both readers' outcomes differ in the same way as before.
   */
  rerun(first: ComparedCase, trace: Uint8Array): Promise<ComparedCase>;
  /** The Go test case of the reproducer (expecting the baseline's outcome), or null without a text form. */
  testFile?(group: DifferenceGroup, trace: Uint8Array): string | null;
  /** Saves the reproducer (regressions): throws when it cannot be written. */
  save?(group: DifferenceGroup, trace: Uint8Array): Promise<SavedReproducer | null>;
}

interface Group {
  first: ComparedCase;
  caseIds: string[];
  operators: Record<string, number>;
  versions: Record<string, number>;
}

const versionName = (v: number | null) => (v === null ? 'unknown' : `go1.${v}`);

export class DifferenceGrouper {
  private readonly groups = new Map<string, Group>();

  /**
   * Adds a case (its whole comparison is needed when it opens a group);
   * returns true when it opened a new group.
   */
  add(c: Pick<ComparedCase, 'record' | 'signature'>, full: ComparedCase | undefined = c as ComparedCase): boolean {
    if (!c.signature) return false;
    const id = groupId(c.signature);
    c.record.group = id;
    let g = this.groups.get(c.signature);
    const opened = !g;
    if (!g) {
      if (!full?.input) throw new Error(`case ${c.record.id} opens group ${id} but came without its comparison`);
      g = { first: full, caseIds: [], operators: {}, versions: {} };
      this.groups.set(c.signature, g);
    }
    g.caseIds.push(c.record.id);
    const op = c.record.operator || 'none';
    g.operators[op] = (g.operators[op] ?? 0) + 1;
    const v = versionName(c.record.version);
    g.versions[v] = (g.versions[v] ?? 0) + 1;
    return opened;
  }

  get size(): number {
    return this.groups.size;
  }

  /**
   * Minimizes each group's first case and builds the groups' records. A
   * reproducer that cannot be saved says why (saveError) and is passed to
   * onSaveError; the other groups go on.
   */
  async finish(tools: ReproducerTools, onGroup?: (done: number, total: number) => void, shouldStop?: () => boolean): Promise<DifferenceGroup[]> {
    const out: DifferenceGroup[] = [];
    let done = 0;
    // Worst classes first: when the minimization budget runs out, it is the
    // changed-outcome groups that stay unminimized, not the regressions.
    const rank = (c: ComparedCase) => ['regression', 'crash-timeout', 'fix', 'changed'].indexOf(c.record.class);
    const ordered = [...this.groups].sort(([, a], [, b]) => rank(a.first) - rank(b.first));
    for (const [signature, g] of ordered) {
      const original = g.first.input.trace;
      let best = g.first;
      let trace = original;
      try {
        // Only an outcome difference or a crash can be minimized: a property
        // verdict alone (identical outcomes) holds on any trace the readers
        // agree on. Hangs are not: every test of one would cost a whole timeout.
        const kinds = [g.first.baseline.outcome.kind, g.first.candidate.outcome.kind];
        if (kinds.includes('timeout')) throw new Error('not minimizing a hang');
        if (!g.first.difference && !kinds.includes('crash')) throw new Error('nothing to minimize');
        if (shouldStop?.()) throw new Error('stopped');
        const keeps = (c: ComparedCase) => c.signature === signature && c.shape === g.first.shape;
        trace = await tools.minimize(original, async (t) => keeps(await tools.rerun(g.first, t)));
        if (trace !== original) best = await tools.rerun(g.first, trace);
        if (!keeps(best)) { best = g.first; trace = original; }
      } catch {
        best = g.first;
        trace = original;
      }
      const r = best.record;
      const props = r.class === 'regression' ? r.regressed : r.class === 'fix' ? r.fixed : [];
      const change = describeChange(best.baseline.outcome, best.candidate.outcome, { base: best.hints?.baseline, cand: best.hints?.candidate });
      // Outcomes alike: the story is the property's own explanation.
      const propertyMessage = props.map((p) => (r.class === 'fix' ? r.baseline : r.candidate).properties[p]?.message).find((m) => m);
      const group: DifferenceGroup = {
        id: groupId(signature),
        signature,
        class: r.class,
        properties: props,
        cause: best.cause ?? g.first.cause ?? 'same outcome',
        summary: change ?? (propertyMessage ? `same outcome; ${propertyMessage.split('\n')[0]}` : 'same outcome'),
        operator: r.operator,
        version: r.version,
        operators: sortCounts(g.operators),
        versions: sortCounts(g.versions),
        faults: g.first.input.faults ?? [],
        count: g.caseIds.length,
        caseIds: g.caseIds,
        reproducer: {
          text: tools.toText(trace),
          bytes: trace.length,
          originalBytes: original.length,
          minimized: trace.length < original.length,
          generations: tools.generations(trace),
          baseline: summarize(best.baseline.outcome),
          candidate: summarize(best.candidate.outcome),
          context: differenceContext(best.baseline.outcome, best.candidate.outcome, best.difference),
          baselineError: best.baseline.outcome.error,
          candidateError: best.candidate.outcome.error,
          corpusFile: null,
          files: [],
          saveError: null,
          testFile: null,
          goLiteral: goBytesLiteral(trace),
          fuzzCorpus: fuzzCorpusFile(trace),
          replay: null,
          minimize: null,
          baselineStyle: best.hints?.baseline ?? null,
        },
      };
      group.reproducer.testFile = tools.testFile?.(group, trace) ?? null;
      if (tools.save) {
        try {
          const saved = await tools.save(group, trace);
          if (saved) Object.assign(group.reproducer, saved);
        } catch (e) {
          group.reproducer.saveError = (e instanceof Error ? e.message : String(e)).split('\n')[0];
        }
      }
      out.push(group);
      onGroup?.(++done, this.groups.size);
    }
    return out;
  }
}

/** Counts, most first (then by name). */
function sortCounts(m: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

function groupId(signature: string): string {
  return createHash('sha256').update(signature).digest('hex').slice(0, 10);
}
