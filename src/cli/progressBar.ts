// A one-line progress bar on a terminal (stderr), silent elsewhere: CI logs
// get periodic plain lines or the final summary from the command, not
// thousands of carriage returns. Used by `fuzz` and `report`.

const WIDTH = 30;

/**
 * The bar's text, without control codes: `label [###.....] count extra`, cut
 * to the terminal's width. With no fraction (unknown total) a marker moves
 * along the bar with tick.
 */
export function renderProgressBar(label: string, frac: number | null, tick: number, count: string, extra: string, cols: number): string {
  const bar = frac === null
    ? '[' + Array.from({ length: WIDTH }, (_, i) => (i === tick % WIDTH ? '#' : '.')).join('') + ']'
    : '[' + '#'.repeat(Math.round(Math.min(1, Math.max(0, frac)) * WIDTH)).padEnd(WIDTH, '.') + ']';
  return [label, bar, count, extra].filter((s) => s !== '').join(' ').slice(0, Math.max(1, cols - 1));
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
    this.out.write(`\r${render(this.out.columns || 100)}\x1b[K`);
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
