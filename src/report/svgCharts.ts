// Inline SVG charts for report.html: plain shapes and text, no script, no
// external resources, so the page works offline and from a CI artifact.
import { escapeHtml } from './escapeHtml';

export interface Series {
  name: string;
  color: string;
}

export interface StackedRow {
  label: string;
  values: number[];
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

/** Horizontal stacked bars: one row per label, one segment per series (absolute counts). */
export function stackedBarChart(id: string, title: string, series: Series[], rows: StackedRow[]): string {
  const labelW = Math.min(260, 20 + 7 * Math.max(4, ...rows.map((r) => r.label.length)));
  const barW = 420;
  const rowH = 22;
  const legendH = 24;
  const height = 30 + legendH + Math.max(1, rows.length) * rowH + 10;
  const width = labelW + barW + 70;
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const parts: string[] = [];
  parts.push(`<text x="0" y="16" font-weight="bold" ${FONT}>${escapeHtml(title)}</text>`);
  parts.push(legend(series, 0, 30));
  rows.forEach((row, i) => {
    const y = 30 + legendH + i * rowH;
    parts.push(`<text x="${labelW - 6}" y="${y + 14}" text-anchor="end" ${FONT}>${escapeHtml(truncate(row.label, 36))}<title>${escapeHtml(row.label)}</title></text>`);
    let x = labelW;
    row.values.forEach((v, j) => {
      if (v <= 0) return;
      const w = (v / max) * barW;
      parts.push(`<rect class="bar" x="${x.toFixed(1)}" y="${y + 3}" width="${Math.max(w, 1).toFixed(1)}" height="${rowH - 6}" fill="${series[j].color}"><title>${escapeHtml(`${row.label}: ${series[j].name} ${v}`)}</title></rect>`);
      x += w;
    });
    const total = row.values.reduce((a, b) => a + b, 0);
    parts.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 14}" ${FONT}>${total}</text>`);
  });
  if (rows.length === 0) parts.push(`<text x="${labelW}" y="${30 + legendH + 14}" ${FONT}>no cases</text>`);
  return svg(id, title, width, height, parts);
}

export interface GroupedRow {
  label: string;
  /** One value per series, 0..1 when `percent`. */
  values: number[];
}

/** Vertical grouped bars: one group per label, one bar per series. */
export function groupedBarChart(id: string, title: string, series: Series[], rows: GroupedRow[], opts: { percent?: boolean; unit?: string } = {}): string {
  const plotH = 180;
  const barW = 18;
  const groupW = series.length * barW + 16;
  const left = 50;
  const top = 54;
  const width = Math.max(320, left + rows.length * groupW + 20);
  const height = top + plotH + 40;
  const max = opts.percent ? 1 : Math.max(1e-9, ...rows.flatMap((r) => r.values));
  const fmt = (v: number) => (opts.percent ? `${(v * 100).toFixed(1)}%` : `${formatNumber(v)}${opts.unit ?? ''}`);
  const parts: string[] = [];
  parts.push(`<text x="0" y="16" font-weight="bold" ${FONT}>${escapeHtml(title)}</text>`);
  parts.push(legend(series, 0, 30));
  for (const f of [0, 0.5, 1]) {
    const y = top + plotH - f * plotH;
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 4}" y="${y + 4}" text-anchor="end" ${FONT}>${escapeHtml(fmt(f * max))}</text>`);
  }
  rows.forEach((row, i) => {
    const gx = left + 8 + i * groupW;
    row.values.forEach((v, j) => {
      const h = Math.max(1, (v / max) * plotH);
      parts.push(`<rect class="bar" x="${gx + j * barW}" y="${(top + plotH - h).toFixed(1)}" width="${barW - 2}" height="${h.toFixed(1)}" fill="${series[j].color}"><title>${escapeHtml(`${row.label} — ${series[j].name}: ${fmt(v)}`)}</title></rect>`);
    });
    parts.push(`<text x="${gx + (series.length * barW) / 2}" y="${top + plotH + 16}" text-anchor="middle" ${FONT}>${escapeHtml(truncate(row.label, 14))}<title>${escapeHtml(row.label)}</title></text>`);
  });
  if (rows.length === 0) parts.push(`<text x="${left + 8}" y="${top + plotH / 2}" ${FONT}>no data</text>`);
  return svg(id, title, width, height, parts);
}

function legend(series: Series[], x: number, y: number): string {
  let cx = x;
  return series.map((s) => {
    const item = `<rect x="${cx}" y="${y}" width="10" height="10" fill="${s.color}"/><text x="${cx + 14}" y="${y + 9}" ${FONT}>${escapeHtml(s.name)}</text>`;
    cx += 24 + 7 * s.name.length;
    return item;
  }).join('');
}

function svg(id: string, title: string, width: number, height: number, parts: string[]): string {
  return `<svg class="chart" data-chart="${escapeHtml(id)}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}">${parts.join('')}</svg>`;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

function formatNumber(v: number): string {
  if (v === 0) return '0';
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toFixed(1);
  return v.toPrecision(2);
}
