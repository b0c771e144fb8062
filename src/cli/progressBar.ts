// A one-line progress bar on a terminal (stderr), silent elsewhere: CI logs
// get the final summary, not thousands of carriage returns.
export class ProgressBar {
  private last = 0;
  private shown = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr, private readonly enabled = Boolean(out.isTTY)) {}

  update(label: string, done: number, total: number | null, extra = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && done !== total) return;
    this.last = now;
    const width = 30;
    const frac = total ? Math.min(1, done / total) : null;
    const bar = frac === null
      ? '[' + ' '.repeat(width).split('').map((_, i) => (i === done % width ? '#' : '.')).join('') + ']'
      : '[' + '#'.repeat(Math.round(frac * width)).padEnd(width, '.') + ']';
    const count = total ? `${done}/${total}` : `${done}`;
    const cols = this.out.columns || 100;
    this.out.write(`\r${`${label} ${bar} ${count} ${extra}`.slice(0, cols - 1)}\x1b[K`);
    this.shown = true;
  }

  done(): void {
    if (this.enabled && this.shown) this.out.write('\r\x1b[K');
    this.shown = false;
  }
}
