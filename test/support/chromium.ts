// Gate and launcher for the suites that run in a real headless Chromium
// (puppeteer-core drives it; it downloads no browser). Without Chromium a
// suite skips and says why in one line; under REQUIRE_GO=1 (CI, whose
// .ci/run installs Debian's chromium) it fails instead.
import { existsSync } from 'node:fs';
import type { Browser } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** `describe` when Chromium is there (or required), else a skip announced once on stderr. */
export function describeChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  if (process.env.REQUIRE_GO === '1') {
    describe(name, () => {
      test('needs Chromium (REQUIRE_GO=1)', () => {
        throw new Error(`${CHROMIUM} is required (REQUIRE_GO=1): apt-get install -y chromium, or set CHROMIUM=/path/to/chrome`);
      });
    });
    return;
  }
  // The reason, once, where jest shows it: the suite below shows as skipped.
  process.stderr.write(`tracefuzz: skipping ${name}: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM=/path/to/chrome)\n`);
  describe.skip(name, body);
}

/** A headless Chromium with its profile in `userDataDir` (a fresh folder). */
export async function launchChromium(userDataDir: string): Promise<Browser> {
  const puppeteer = await import('puppeteer-core');
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
