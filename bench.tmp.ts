import { caseStream } from './src/fuzz/caseDraw';
import { SMALL_KNOBS } from './arbitraries/trace';
import { openReader } from './src/readers/readerSpecs';
import { openCoverageReader } from './src/readers/coverageReader';
(async () => {
  const cases: Uint8Array[] = [];
  for (const c of caseStream({ seed: 3, knobs: SMALL_KNOBS })) { if (cases.length >= 600) break; cases.push(c.bytes); }
  const plain = await openReader('go'); const cov = await openCoverageReader('go', { timeoutMs: 60000 });
  for (let round = 0; round < 2; round++) for (const [name, r] of [['plain', plain], ['coverage', cov]] as const) {
    const t = process.hrtime.bigint();
    for (const b of cases) await r.read(b);
    console.log(name, (Number(process.hrtime.bigint() - t) / 1e6 / cases.length).toFixed(2), 'ms/case');
  }
  await plain.close(); await cov.close();
})();
