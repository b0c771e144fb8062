// The event table agrees with Go's: type numbers and argument layouts are
// checked on the wire by the -d=wire suites; here every field of every spec is
// compared with tracev2/events.go as found in the installed toolchain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeGo } from '../support/go';
import { Ev, EventSpec, eventNameFor, specsFor, MAX_EXPERIMENTAL_EVENT } from '../../src/trace/spec';

interface GoSpec {
  name: string;
  args: string[];
  stringIds: number[];
  stackIds: number[];
  startEv: string;
  isTimed: boolean;
  hasData: boolean;
  isStack: boolean;
  experiment: string;
}

// Reads the `var specs = [...]EventSpec{ EvX: { Field: value, … }, … }` literal.
function goSpecs(src: string): Map<string, GoSpec> {
  const body = src.slice(src.indexOf('var specs = [...]EventSpec{'));
  const out = new Map<string, GoSpec>();
  const entry = /\n\t(Ev\w+): \{([\s\S]*?)\n\t\},/g;
  const list = (s: string | undefined) => (s ? [...s.matchAll(/"([^"]*)"|(\d+)/g)].map((m) => m[1] ?? m[2]) : []);
  for (const m of body.matchAll(entry)) {
    const f = m[2];
    const field = (name: string) => new RegExp(`\\b${name}:\\s*([^\\n]*?),?\\s*(//.*)?\\n`).exec(f + '\n')?.[1];
    const braces = (name: string) => /\{([^}]*)\}/.exec(field(name) ?? '')?.[1];
    out.set(m[1], {
      name: JSON.parse(field('Name')!),
      args: list(braces('Args')),
      stringIds: list(braces('StringIDs')).map(Number),
      stackIds: list(braces('StackIDs')).map(Number),
      startEv: field('StartEv') ?? '',
      isTimed: field('IsTimedEvent') === 'true',
      hasData: field('HasData') === 'true',
      isStack: field('IsStack') === 'true',
      experiment: field('Experiment') ?? '',
    });
  }
  return out;
}

describeGo("the event table matches Go's tracev2", (tc) => {
  test('every spec, field by field', () => {
    const src = readFileSync(join(tc().goroot, 'src', 'internal', 'trace', 'tracev2', 'events.go'), 'utf8');
    const go = goSpecs(src);
    expect(go.size).toBeGreaterThan(50);
    const full = specsFor(26);
    const ours = new Map<string, EventSpec>();
    full.forEach((s) => s && ours.set('Ev' + s.name, s));
    expect([...ours.keys()].sort()).toEqual([...go.keys()].sort());
    const evName = (t: number) => (t === 0 ? '' : 'Ev' + eventNameFor(26, t));
    for (const [key, g] of go) {
      const s = ours.get(key)!;
      expect({ key, ...g }).toEqual({
        key,
        name: s.name,
        args: [...s.args],
        stringIds: [...s.stringIds],
        stackIds: [...s.stackIds],
        startEv: evName(s.startEv),
        isTimed: s.isTimed,
        hasData: s.hasData,
        isStack: s.isStack,
        experiment: s.experiment === 1 ? 'AllocFree' : '',
      });
      expect((Ev as Record<string, number>)[key.slice(2)]).toBe(full.indexOf(s));
    }
    expect(full.length).toBe(MAX_EXPERIMENTAL_EVENT);
  });
});
