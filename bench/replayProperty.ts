// Replays one property failure from its seed and path:
//   npx tsx bench/replayProperty.ts --reader ts --property P1 --seed 123 --path 4:17:0 [--large] [--strict]
// and prints the shrunk case's failure message (the trace in text form included).
import { openAnyReader } from '../src/harness/externalReaderSpecs';
import { openGoReader } from '../src/harness/goOracle';
import { findGo } from '../src/harness/goToolchain';
import { propertyByName, runProperty } from '../src/harness/propertySuite';
import { LARGE_KNOBS, SMALL_KNOBS } from '../arbitraries/trace';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

(async () => {
  const spec = arg('reader') ?? 'ts';
  const def = propertyByName(arg('property') ?? '');
  if (!def || arg('seed') === undefined) {
    process.stderr.write('usage: replayProperty --reader SPEC --property P1..P7 --seed N [--path P] [--large]\n');
    process.exit(2);
  }
  const reader = await openAnyReader(spec);
  const go = def.needsGo && findGo() ? await openGoReader('go') : undefined;
  const r = await runProperty(
    def,
    {
      reader,
      go,
      mode: spec === 'ts:strict' || process.argv.includes('--strict') ? 'strict' : 'go-compatible',
      isGo: spec.startsWith('go'),
      knobs: process.argv.includes('--large') ? LARGE_KNOBS : SMALL_KNOBS,
    },
    { seed: Number(arg('seed')), numRuns: arg('path') ? 1 : 100, path: arg('path') },
  );
  process.stdout.write(r.failed ? `${r.message}\n` : `${def.name} passes for seed ${arg('seed')} path ${arg('path') ?? '-'}\n`);
  await go?.close();
  await reader.close();
  process.exit(r.failed ? 1 : 0);
})();
