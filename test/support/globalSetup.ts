// Runs once before all suites. Go-backed suites need the Go toolchain: under
// REQUIRE_GO=1 (CI) its absence fails the run; otherwise they skip and we say
// so here, once.
import { findGo } from '../../src/readers/goToolchain';

export default async function globalSetup(): Promise<void> {
  const tc = findGo();
  if (tc) {
    process.env.TRACEFUZZ_GO_AVAILABLE = '1';
    return;
  }
  process.env.TRACEFUZZ_GO_AVAILABLE = '0';
  if (process.env.REQUIRE_GO === '1') {
    throw new Error('REQUIRE_GO=1 but no Go toolchain was found (looked for `go` on PATH and /usr/local/go/bin/go)');
  }
  console.log('tracefuzz: no Go toolchain found; skipping the Go-backed conformance tests (set REQUIRE_GO=1 to make this a failure)');
}
