// Reading valgrind's callgrind output (--dump-instr=yes) and node's perf map
// (--perf-basic-prof) together: how many instructions ran in the code V8
// compiled for each JS function. Callgrind names native code but sees JIT
// code only as addresses; the perf map says which function V8 compiled at
// which addresses.

/** Instructions executed at each instruction address (calls' inclusive costs left out). */
export function instructionsByAddress(callgrindOut: string): Map<number, number> {
  const costs = new Map<number, number>();
  let addr = 0;
  // After a `calls=` line, the next cost line is the call's inclusive cost
  // (the callee's instructions, counted again where they ran): skipped.
  let callCost = false;
  for (const line of callgrindOut.split('\n')) {
    if (line.startsWith('calls=')) {
      callCost = true;
      continue;
    }
    const c = line.charCodeAt(0);
    // Cost lines start with a position: 0x… (absolute), +n / -n (relative
    // to the previous one) or * (the same).
    const isCost = c === 0x30 /* 0 */ || c === 0x2b /* + */ || c === 0x2d /* - */ || c === 0x2a; /* * */
    if (!isCost) continue;
    const fields = line.split(' ');
    const pos = fields[0];
    if (pos.startsWith('0x')) addr = parseInt(pos, 16);
    else if (pos[0] === '+') addr += Number(pos.slice(1));
    else if (pos[0] === '-') addr -= Number(pos.slice(1));
    if (callCost) {
      callCost = false;
      continue;
    }
    // Positions are "instr line" (two numbers), then the Ir cost.
    const ir = Number(fields[fields.length - 1]);
    if (fields.length >= 2 && Number.isFinite(ir)) costs.set(addr, (costs.get(addr) ?? 0) + ir);
  }
  return costs;
}

interface Region {
  start: number;
  end: number;
  name: string;
}

/** The regions of a perf map ("START SIZE NAME" per line, hexadecimal), sorted by start. */
export function parsePerfMap(text: string): Region[] {
  const regions: Region[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]+) ([0-9a-fA-F]+) (.*)$/.exec(line);
    if (m === null) continue;
    const start = parseInt(m[1], 16);
    regions.push({ start, end: start + parseInt(m[2], 16), name: m[3] });
  }
  return regions.sort((a, b) => a.start - b.start);
}

/** Instructions per named region (JS functions, V8 builtins), and the total of all and of those in a region. */
export function instructionsByFunction(costs: Map<number, number>, regions: Region[]): { total: number; mapped: number; byName: Map<string, number> } {
  const byName = new Map<string, number>();
  let total = 0;
  let mapped = 0;
  for (const [addr, ir] of costs) {
    total += ir;
    // The last region starting at or before addr.
    let lo = 0;
    let hi = regions.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (regions[mid].start <= addr) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0 || addr >= regions[k].end) continue;
    mapped += ir;
    byName.set(regions[k].name, (byName.get(regions[k].name) ?? 0) + ir);
  }
  return { total, mapped, byName };
}
