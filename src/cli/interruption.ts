// Ctrl-C for the long commands (fuzz, report): the first stops the work where
// it can stop cleanly (the command then writes what it has, prints its summary
// and exits 130); a second exits at once with 130.
export const EXIT_INTERRUPTED = 130;

export class Interruption {
  private count = 0;
  private readonly stops: (() => void)[] = [];
  private readonly handler = () => {
    this.count++;
    if (this.count > 1) process.exit(EXIT_INTERRUPTED);
    this.say();
    for (const f of this.stops) f();
  };

  /** Listens for SIGINT until remove(); `say` tells the person what happens now. */
  constructor(private readonly say: () => void) {
    process.on('SIGINT', this.handler);
  }

  get interrupted(): boolean {
    return this.count > 0;
  }

  /** Called on the first Ctrl-C (e.g. to tell worker processes to stop), or at once when it came already. */
  onStop(f: () => void): void {
    this.stops.push(f);
    if (this.interrupted) f();
  }

  remove(): void {
    process.off('SIGINT', this.handler);
  }
}
