// A one-line progress bar on a terminal (stderr), silent elsewhere: CI logs
// get periodic plain lines or the final summary from the command, not
// thousands of carriage returns. Used by `fuzz` and `report`. The line never
// wraps: the numbers come first and the bar gets the width that is left.

const MAX_BAR = 30;
const MIN_BAR = 8;

/**
 * The bar's text, without control codes: `label [###.....] count extra`, at
 * most cols - 1 characters. The bar narrows (down to nothing) so that the
 * numbers fit; with no fraction (unknown total) a marker moves along it with tick.
 */
export function renderProgressBar(label: string, frac: number | null, tick: number, count: string, extra: string, cols: number): string {
  const width = Math.max(1, cols - 1);
  const text = [count, extra].filter((s) => s !== '').join(' ');
  const room = width - label.length - text.length - 4; // two spaces and the brackets
  const w = Math.min(MAX_BAR, room);
  const bar = w < MIN_BAR ? ''
    : frac === null
      ? '[' + Array.from({ length: w }, (_, i) => (i === tick % w ? '#' : '.')).join('') + ']'
      : '[' + '#'.repeat(Math.round(Math.min(1, Math.max(0, frac)) * w)).padEnd(w, '.') + ']';
  return [label, bar, text].filter((s) => s !== '').join(' ').slice(0, width);
}

/** A short duration for a status line: `45s`, `12m05s`, `1h02m`. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A count in at most 5 characters: `987`, `12.3k`, `4.5M`. */
export function shortCount(n: number): string {
  if (n < 10_000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export class ProgressBar {
  private last = 0;
  private shown = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr, readonly enabled = Boolean(out.isTTY)) {}

  /** done of total (null: unknown), shown as `done/total` unless count is given. */
  update(label: string, done: number, total: number | null, extra = '', count?: string): void {
    this.show((cols) => renderProgressBar(label, total ? done / total : null, done, count ?? (total ? `${done}/${total}` : `${done}`), extra, cols), done === total);
  }

  /** Draws a line rendered for the terminal's width (see renderProgressBar); last: never skipped. */
  show(render: (cols: number) => string, last = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    // Redraw at most ten times a second, but always the last step.
    if (this.shown && now - this.last < 100 && !last) return;
    this.last = now;
    this.out.write(`\r${render(this.out.columns || 80)}\x1b[K`);
    this.shown = true;
  }

  /** Clears the bar so a log line can be written; the next update draws it again. */
  clear(): void {
    if (this.enabled && this.shown) this.out.write('\r\x1b[K');
    this.shown = false;
  }

  done(): void {
    this.clear();
  }
}
