// V8 records what a function's operations see (type feedback) only once the
// function has run for a while (lazy feedback allocation: about eight times
// its bytecode size executed), and code it optimizes without feedback for a
// branch is thrown away when that branch is first taken. Code that runs a
// function at load to show V8 each of its branches must therefore run it
// many times over, not once.
const ROUNDS = 64;

/** Calls fn with each of the argument lists, ROUNDS times over. */
export function primeBranches<A extends unknown[]>(fn: (...args: A) => unknown, argLists: readonly A[]): void {
  for (let i = 0; i < ROUNDS; i++) for (const args of argLists) fn(...args);
}
