// Turning classified cases and difference groups into the report's summary
// numbers: counts per class, per operator and per version, a row per property,
// timings and the verdict. A --stable report (config.stable) leaves out what
// differs run to run — the date, the run's and each read's wall time — so the
// same seed and runs give byte-identical files (the committed examples).
import {
  CaseClass, CaseRecord, DeviationRow, DifferenceGroup, emptyClassCounts, emptyStatusCounts,
  PropertyRow, ReaderInfo, Report, REPORT_SCHEMA_VERSION, TimingSummary,
} from './reportSchema';

export interface ReportMeta {
  name: string;
  toolVersion: string;
  baseline: ReaderInfo;
  candidate: ReaderInfo;
  config: Report['config'];
  durationMs: number;
  createdAt?: Date;
}

export function buildReport(meta: ReportMeta, cases: CaseRecord[], groups: DifferenceGroup[]): Report {
  const counts = emptyClassCounts();
  const byOperator: Record<string, Record<CaseClass, number>> = {};
  const byVersion: Record<string, Record<CaseClass, number>> = {};
  const props = new Map<string, PropertyRow>();
  const deviations = new Map<string, DeviationRow>();
  for (const c of cases) {
    counts[c.class]++;
    (byOperator[c.operator || 'none'] ??= emptyClassCounts())[c.class]++;
    (byVersion[c.version === null ? 'unknown' : `go1.${c.version}`] ??= emptyClassCounts())[c.class]++;
    for (const side of ['baseline', 'candidate'] as const) {
      for (const [p, v] of Object.entries(c[side].properties)) {
        let row = props.get(p);
        if (!row) {
          row = { property: p, baseline: emptyStatusCounts(), candidate: emptyStatusCounts(), regressions: 0, fixes: 0 };
          props.set(p, row);
        }
        row[side][v.status]++;
        if (v.status === 'deviation') {
          const name = v.deviation ?? 'unnamed deviation';
          const key = `${side}|${p}|${name}`;
          const d = deviations.get(key) ?? { name, reader: side, property: p, count: 0 };
          d.count++;
          deviations.set(key, d);
        }
      }
    }
    for (const p of c.regressed) {
      const row = props.get(p);
      if (row) row.regressions++;
    }
    for (const p of c.fixed) {
      const row = props.get(p);
      if (row) row.fixes++;
    }
  }
  const stable = meta.config.stable;
  return {
    schema: REPORT_SCHEMA_VERSION,
    name: meta.name,
    createdAt: stable ? null : (meta.createdAt ?? new Date()).toISOString(),
    tool: { name: 'tracefuzz', version: meta.toolVersion },
    baseline: meta.baseline,
    candidate: meta.candidate,
    config: meta.config,
    verdict: counts.regression > 0 ? 'regression' : 'no-regression',
    durationMs: stable ? null : Math.round(meta.durationMs),
    counts,
    properties: [...props.values()].sort((a, b) => a.property.localeCompare(b.property, 'en', { numeric: true })),
    byOperator: sortKeys(byOperator),
    byVersion: sortKeys(byVersion),
    timing: stable ? null : {
      baseline: summarizeTimes(cases.map((c) => c.baseline.ms ?? 0)),
      candidate: summarizeTimes(cases.map((c) => c.candidate.ms ?? 0)),
    },
    deviations: [...deviations.values()].sort((a, b) => b.count - a.count),
    groups: [...groups].sort((a, b) => classRank(a.class) - classRank(b.class) || b.count - a.count),
    cases: stable ? cases.map(withoutTimes) : cases,
  };
}

function withoutTimes(c: CaseRecord): CaseRecord {
  return { ...c, baseline: { ...c.baseline, ms: null }, candidate: { ...c.candidate, ms: null } };
}

function classRank(c: CaseClass): number {
  return ['regression', 'crash-timeout', 'fix', 'changed', 'same'].indexOf(c);
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

function summarizeTimes(ms: number[]): TimingSummary {
  if (ms.length === 0) return { cases: 0, totalMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 };
  const sorted = [...ms].sort((a, b) => a - b);
  const total = sorted.reduce((s, x) => s + x, 0);
  const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))];
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { cases: ms.length, totalMs: r(total), meanMs: r(total / ms.length), p50Ms: r(q(0.5)), p95Ms: r(q(0.95)), maxMs: r(sorted[sorted.length - 1]) };
}
