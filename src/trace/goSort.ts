// Go's slices.SortFunc is not stable: it is pattern-defeating quicksort, and
// the order it leaves equal elements in is observable in Go's reader (CPU
// samples with equal times, frontier cursors with equal times). To produce
// the same event stream we sort with the same algorithm, step for step.

type Cmp<T> = (a: T, b: T) => number;

const MAX_INSERTION = 12;
const SHORTEST_NINTHER = 50;
const MAX_SWAPS = 4 * 3;
const UNKNOWN_HINT = 0;
const INCREASING_HINT = 1;
const DECREASING_HINT = 2;

/** Sorts data in place exactly as Go's slices.SortFunc does (same final order, ties included). */
export function goSortFunc<T>(data: T[], cmp: Cmp<T>): void {
  const n = data.length;
  pdqsort(data, 0, n, bitLen(n), cmp);
}

function bitLen(n: number): number {
  return n === 0 ? 0 : 32 - Math.clz32(n);
}

function swap<T>(d: T[], i: number, j: number): void {
  const t = d[i];
  d[i] = d[j];
  d[j] = t;
}

function insertionSort<T>(d: T[], a: number, b: number, cmp: Cmp<T>): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && cmp(d[j], d[j - 1]) < 0; j--) swap(d, j, j - 1);
  }
}

function siftDown<T>(d: T[], lo: number, hi: number, first: number, cmp: Cmp<T>): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && cmp(d[first + child], d[first + child + 1]) < 0) child++;
    if (!(cmp(d[first + root], d[first + child]) < 0)) return;
    swap(d, first + root, first + child);
    root = child;
  }
}

function heapSort<T>(d: T[], a: number, b: number, cmp: Cmp<T>): void {
  const first = a;
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(d, i, hi, first, cmp);
  for (let i = hi - 1; i >= 0; i--) {
    swap(d, first, first + i);
    siftDown(d, 0, i, first, cmp);
  }
}

function pdqsort<T>(d: T[], a: number, b: number, limit: number, cmp: Cmp<T>): void {
  let wasBalanced = true;
  let wasPartitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= MAX_INSERTION) {
      insertionSort(d, a, b, cmp);
      return;
    }
    if (limit === 0) {
      heapSort(d, a, b, cmp);
      return;
    }
    if (!wasBalanced) {
      breakPatterns(d, a, b);
      limit--;
    }
    let [pivot, hint] = choosePivot(d, a, b, cmp);
    if (hint === DECREASING_HINT) {
      reverseRange(d, a, b);
      pivot = b - 1 - (pivot - a);
      hint = INCREASING_HINT;
    }
    if (wasBalanced && wasPartitioned && hint === INCREASING_HINT) {
      if (partialInsertionSort(d, a, b, cmp)) return;
    }
    if (a > 0 && !(cmp(d[a - 1], d[pivot]) < 0)) {
      a = partitionEqual(d, a, b, pivot, cmp);
      continue;
    }
    const [mid, already] = partition(d, a, b, pivot, cmp);
    wasPartitioned = already;
    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = Math.trunc(length / 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(d, a, mid, limit, cmp);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(d, mid + 1, b, limit, cmp);
      b = mid;
    }
  }
}

function partition<T>(d: T[], a: number, b: number, pivot: number, cmp: Cmp<T>): [number, boolean] {
  swap(d, a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (i <= j && cmp(d[i], d[a]) < 0) i++;
  while (i <= j && !(cmp(d[j], d[a]) < 0)) j--;
  if (i > j) {
    swap(d, j, a);
    return [j, true];
  }
  swap(d, i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && cmp(d[i], d[a]) < 0) i++;
    while (i <= j && !(cmp(d[j], d[a]) < 0)) j--;
    if (i > j) break;
    swap(d, i, j);
    i++;
    j--;
  }
  swap(d, j, a);
  return [j, false];
}

function partitionEqual<T>(d: T[], a: number, b: number, pivot: number, cmp: Cmp<T>): number {
  swap(d, a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !(cmp(d[a], d[i]) < 0)) i++;
    while (i <= j && cmp(d[a], d[j]) < 0) j--;
    if (i > j) break;
    swap(d, i, j);
    i++;
    j--;
  }
  return i;
}

function partialInsertionSort<T>(d: T[], a: number, b: number, cmp: Cmp<T>): boolean {
  const maxSteps = 5;
  const shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !(cmp(d[i], d[i - 1]) < 0)) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    swap(d, i, i - 1);
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!(cmp(d[j], d[j - 1]) < 0)) break;
        swap(d, j, j - 1);
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!(cmp(d[j], d[j - 1]) < 0)) break;
        swap(d, j, j - 1);
      }
    }
  }
  return false;
}

const MASK64 = (1n << 64n) - 1n;

function breakPatterns<T>(d: T[], a: number, b: number): void {
  const length = b - a;
  if (length < 8) return;
  let random = BigInt(length);
  const modulus = BigInt(2 ** bitLen(length));
  const quarter = Math.trunc(length / 4) * 2;
  for (let idx = a + quarter - 1; idx <= a + quarter + 1; idx++) {
    // xorshift64 as in Go's sort package.
    random ^= (random << 13n) & MASK64;
    random ^= random >> 7n;
    random ^= (random << 17n) & MASK64;
    let other = Number(random & (modulus - 1n));
    if (other >= length) other -= length;
    swap(d, idx, a + other);
  }
}

function choosePivot<T>(d: T[], a: number, b: number, cmp: Cmp<T>): [number, number] {
  const l = b - a;
  const swaps = { n: 0 };
  const q = Math.trunc(l / 4);
  let i = a + q;
  let j = a + q * 2;
  let k = a + q * 3;
  if (l >= 8) {
    if (l >= SHORTEST_NINTHER) {
      i = median(d, i - 1, i, i + 1, swaps, cmp);
      j = median(d, j - 1, j, j + 1, swaps, cmp);
      k = median(d, k - 1, k, k + 1, swaps, cmp);
    }
    j = median(d, i, j, k, swaps, cmp);
  }
  if (swaps.n === 0) return [j, INCREASING_HINT];
  if (swaps.n === MAX_SWAPS) return [j, DECREASING_HINT];
  return [j, UNKNOWN_HINT];
}

function median<T>(d: T[], a: number, b: number, c: number, swaps: { n: number }, cmp: Cmp<T>): number {
  // order2 three times, as Go does; each reordering counts as a swap.
  if (cmp(d[b], d[a]) < 0) { swaps.n++; [a, b] = [b, a]; }
  if (cmp(d[c], d[b]) < 0) { swaps.n++; [b, c] = [c, b]; }
  if (cmp(d[b], d[a]) < 0) { swaps.n++; [a, b] = [b, a]; }
  return b;
}

function reverseRange<T>(d: T[], a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) swap(d, i, j);
}
