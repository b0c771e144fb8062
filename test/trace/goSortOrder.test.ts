// Go's slices.SortFunc is unstable (pdqsort) and the reader's output depends
// on the order it leaves ties in (CPU samples with equal times, frontier
// cursors with equal times). goSortFunc must leave ties exactly where Go
// does: checked against a tiny Go program run at test time.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { describeGo } from '../support/go';
import { goSortFunc } from '../../src/trace/goSort';

const PROGRAM = `package main

import (
	"cmp"
	"fmt"
	"slices"
)

type item struct{ key, id int }

func show(tag string, xs []item) {
	slices.SortFunc(xs, func(a, b item) int { return cmp.Compare(a.key, b.key) })
	fmt.Print(tag)
	for _, x := range xs {
		fmt.Print(" ", x.id)
	}
	fmt.Println()
}

func main() {
	for _, n := range []int{5, 12, 13, 40, 51, 100, 300, 1000} {
		xs := make([]item, n)
		s := uint32(12345)
		for i := range xs {
			s = s*1103515245 + 12345
			xs[i] = item{int(s>>16) % 4, i}
		}
		show(fmt.Sprint("lcg", n), xs)
	}
	for _, n := range []int{60, 200, 777} {
		xs := make([]item, n)
		for i := range xs {
			xs[i] = item{(n - i) / 3, i}
		}
		show(fmt.Sprint("desc", n), xs)
	}
}
`;

function inputs(tag: string): { key: number; id: number }[] {
  const n = Number(/\d+$/.exec(tag)![0]);
  const xs: { key: number; id: number }[] = [];
  if (tag.startsWith('lcg')) {
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      xs.push({ key: (s >>> 16) % 4, id: i });
    }
  } else {
    for (let i = 0; i < n; i++) xs.push({ key: Math.trunc((n - i) / 3), id: i });
  }
  return xs;
}

describeGo('goSortFunc leaves ties where Go leaves them', (tc) => {
  test('insertion sort, pdqsort partitions, ninther pivots, reversed runs, pattern breaking', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracefuzz-gosort-'));
    let out: string;
    try {
      writeFileSync(join(dir, 'main.go'), PROGRAM);
      writeFileSync(join(dir, 'go.mod'), 'module gosort\n\ngo 1.21\n');
      out = execFileSync(tc().go, ['run', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const lines = out.trim().split('\n');
    expect(lines.length).toBe(11);
    for (const line of lines) {
      const [tag, ...ids] = line.split(' ');
      const xs = inputs(tag);
      goSortFunc(xs, (a, b) => a.key - b.key);
      expect({ tag, ids: xs.map((x) => x.id) }).toEqual({ tag, ids: ids.map(Number) });
    }
  });
});
