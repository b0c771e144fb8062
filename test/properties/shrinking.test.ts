// Shrinking works at the trace level: a #55160-style failure (the pre-fix
// spill mutant losing a complete generation when the next generation's first
// batch is broken) shrinks to two generations and a handful of events.
import fc from 'fast-check';
import { openReader } from '../../src/readers/readerSpecs';
import { operatorByName } from '../../arbitraries/corruption';
import { singleFaultCaseArb } from '../../arbitraries/traceCase';
import { checkP1 } from '../../src/properties/p1ValidPrefix';
import { expectPass } from '../../src/properties/verdict';

it('a #55160-style case shrinks to 2 generations and at most 6 events', async () => {
  const mutant = await openReader('mutant:pre-fix-spill');
  const arb = singleFaultCaseArb(undefined, { operators: [operatorByName('truncate-first-batch-of-next-generation')!] });
  const d = await fc.check(
    fc.asyncProperty(arb, async (c) => expectPass(await checkP1(mutant, c, 'go-compatible'))),
    { seed: 55160, numRuns: 200 },
  );
  expect(d.failed).toBe(true);
  const c = d.counterexample![0];
  const plan = c.valid!.plan;
  const timed = plan.generations.flatMap((g) => g.batches.filter((b) => b.kind === 'events').flatMap((b) => b.events)).length;
  console.log(`shrunk after ${d.numShrinks} shrinks: ${plan.generations.length} generations, ${timed} timed events; ${c.faults[0].detail}`);
  expect(plan.generations.length).toBe(2);
  expect(timed).toBeLessThanOrEqual(6);
  expect(c.faults[0].gen).toBe(2);
});
