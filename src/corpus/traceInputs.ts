// Traces from a directory of any of the forms they come in: Go's test cases
// and corpus cases (`.test`, text format), Go fuzz corpus entries
// (`go test fuzz v1`, as testdata/fuzz/FuzzReader or Go's fuzz cache holds
// them), and raw trace files (anything else). Subdirectories are read too;
// a file that cannot be read as its form says goes to `problems`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { caseTrace, parseCase } from './corpusCase';
import { isFuzzCorpusFile, parseFuzzCorpusFile } from './goFuzzCorpus';
import type { LoadProblem } from './corpusStore';
import { isTempFileName } from './atomicWrite';

export interface TraceInput {
  /** Path relative to the directory given. */
  name: string;
  trace: Uint8Array;
}

export function loadTraceInputs(dir: string, problems: LoadProblem[]): TraceInput[] {
  const out: TraceInput[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.') || isTempFileName(name)) continue;
      const path = join(d, name);
      const st = statSync(path);
      if (st.isDirectory()) {
        walk(path);
        continue;
      }
      if (!st.isFile()) continue;
      const bytes = new Uint8Array(readFileSync(path));
      const head = new TextDecoder().decode(bytes.subarray(0, 64));
      try {
        let trace: Uint8Array = bytes;
        if (isFuzzCorpusFile(head)) {
          const b = parseFuzzCorpusFile(new TextDecoder().decode(bytes));
          if (b === null) throw new Error('not a one-argument []byte entry of a Go fuzz corpus');
          trace = b;
        } else if (name.endsWith('.test')) {
          trace = caseTrace(parseCase(new TextDecoder().decode(bytes), path));
        }
        out.push({ name: relative(dir, path), trace });
      } catch (err) {
        problems.push({ path, message: (err as Error).message });
      }
    }
  };
  walk(dir);
  return out;
}
