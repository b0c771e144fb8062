// Identical differences are reported once: cases are grouped by signature, and
// each group's first case is minimized (once) into the group's reproducer.
import { createHash } from 'node:crypto';
import { ComparedCase, differenceContext, summarize } from './compareCase';
import type { DifferenceGroup } from './reportSchema';

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
  /** Saves the reproducer as a corpus case; returns its path, or null. */
  save?(group: DifferenceGroup, trace: Uint8Array, first: ComparedCase): Promise<string | null>;
}

export class DifferenceGrouper {
  private readonly groups = new Map<string, { first: ComparedCase; caseIds: string[] }>();

  /** Adds a case; returns true when it opened a new group. */
  add(c: ComparedCase): boolean {
    if (!c.signature) return false;
    const id = groupId(c.signature);
    c.record.group = id;
    const g = this.groups.get(c.signature);
    if (g) {
      g.caseIds.push(c.record.id);
      return false;
    }
    this.groups.set(c.signature, { first: c, caseIds: [c.record.id] });
    return true;
  }

  get size(): number {
    return this.groups.size;
  }

  /** Minimizes each group's first case and builds the groups' records. */
  async finish(tools: ReproducerTools, onGroup?: (done: number, total: number) => void): Promise<DifferenceGroup[]> {
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
        const keeps = (c: ComparedCase) => c.signature === signature && c.shape === g.first.shape;
        trace = await tools.minimize(original, async (t) => keeps(await tools.rerun(g.first, t)));
        if (trace !== original) best = await tools.rerun(g.first, trace);
        if (!keeps(best)) { best = g.first; trace = original; }
      } catch {
        best = g.first;
        trace = original;
      }
      const r = best.record;
      const group: DifferenceGroup = {
        id: groupId(signature),
        signature,
        class: r.class,
        properties: r.class === 'regression' ? r.regressed : r.class === 'fix' ? r.fixed : [],
        operator: r.operator,
        version: r.version,
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
          baselineStyle: best.hints?.baseline ?? null,
        },
      };
      if (tools.save) group.reproducer.corpusFile = await tools.save(group, trace, g.first).catch(() => null);
      out.push(group);
      onGroup?.(++done, this.groups.size);
    }
    return out;
  }
}

function groupId(signature: string): string {
  return createHash('sha256').update(signature).digest('hex').slice(0, 10);
}
