// Ctrl-C for fuzz and report: the first one tells the person and stops the
// work — including work (worker processes) set up after it came, which is
// what a Ctrl-C during start-up needs; the handler goes away with remove().
import { Interruption } from '../../src/cli/interruption';

test('a stop registered after the Ctrl-C runs at once; before it, on the Ctrl-C', () => {
  const said: string[] = [];
  const stopped: string[] = [];
  const ctrlC = new Interruption(() => said.push('stopping'));
  try {
    ctrlC.onStop(() => stopped.push('early'));
    expect(ctrlC.interrupted).toBe(false);
    process.emit('SIGINT');
    expect(ctrlC.interrupted).toBe(true);
    expect(said).toEqual(['stopping']);
    expect(stopped).toEqual(['early']);
    ctrlC.onStop(() => stopped.push('late'));
    expect(stopped).toEqual(['early', 'late']);
  } finally {
    ctrlC.remove();
  }
  expect(process.listenerCount('SIGINT')).toBe(0);
});
