// The reader is standard JavaScript: bundled for a browser (esbuild,
// platform browser, from the package's main entry) it takes in nothing but
// src/trace — no Node module, no harness code — and in a headless Chromium a
// page that fetches a real runtime trace reads it, whole and streamed from
// the response body, with Go's event count, first and last event.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { describeChromium, launchChromium } from '../support/chromium';
import { describeGo } from '../support/go';
import { openGoReader } from '../../src/readers/goOracle';
import { programTrace } from '../../src/readers/goPrograms';

const ROOT = join(__dirname, '..', '..');

// The page's code is text: the tests are compiled without DOM types.
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>tracefuzz reader</title>
<script type="module">
import { readAll, readTraceAsync, TraceError } from './tracefuzz.js';

async function* chunks(body) {
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

try {
  const whole = readAll(new Uint8Array(await (await fetch('trace.out')).arrayBuffer()));
  let streamed = 0, first = null, last = null;
  for await (const ev of readTraceAsync(chunks((await fetch('trace.out')).body))) {
    if (first === null) first = ev.toString();
    last = ev.toString();
    streamed++;
  }
  const bad = readAll(new Uint8Array(16)).error;
  const broken = bad instanceof TraceError ? 'TraceError: ' + bad.message : String(bad);
  window.__result = { events: whole.events.length, error: whole.error && whole.error.message, streamed, first, last, broken };
} catch (e) {
  window.__result = { thrown: String(e && e.stack || e) };
}
</script>
`;

async function bundleReader(): Promise<{ code: string; inputs: string[] }> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'trace', 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: out.outputFiles[0].text, inputs: Object.keys(out.metafile.inputs).map((p) => relative(ROOT, join(process.cwd(), p))) };
}

function serve(files: Record<string, { type: string; body: string | Uint8Array }>): Promise<Server> {
  const server = createServer((req, res) => {
    const f = files[(req.url ?? '/').split('?')[0]];
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': f.type }).end(f.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the reader bundles for a browser from src/trace alone', async () => {
  const { code, inputs } = await bundleReader();
  expect(inputs.length).toBeGreaterThan(10);
  expect(inputs.filter((p) => !p.startsWith('src/trace/'))).toEqual([]);
  expect(code).not.toMatch(/\brequire\(|\bprocess\.|\bBuffer\b/);
  expect(code).toMatch(/export\s*{[^}]*\breadTraceAsync\b/);
});

describeChromium('the reader in a browser', () => {
  describeGo('a real runtime trace read in headless Chromium', () => {
    let browser: Browser;
    let server: Server;
    let dir: string;
    let goCount: number;
    let goFirst: string;
    let goLast: string;

    beforeAll(async () => {
      const trace = await programTrace('goroutines');
      const go = await openGoReader('go');
      try {
        const o = await go.read(trace);
        expect(o.kind).toBe('ok');
        goCount = o.events.length;
        goFirst = o.events[0];
        goLast = o.events[o.events.length - 1];
      } finally {
        await go.close();
      }
      const { code } = await bundleReader();
      server = await serve({
        '/': { type: 'text/html', body: PAGE },
        '/tracefuzz.js': { type: 'text/javascript', body: code },
        '/trace.out': { type: 'application/octet-stream', body: trace },
      });
      dir = mkdtempSync(join(tmpdir(), 'tracefuzz-browser-'));
      browser = await launchChromium(join(dir, 'profile'));
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("the page gets Go's event count, whole and streamed, and a TraceError for bad bytes", async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { waitUntil: 'load' });
      await page.waitForFunction('window.__result !== undefined', { timeout: 300_000 });
      const r = (await page.evaluate('window.__result')) as Record<string, unknown>;
      await page.close();
      expect(errors).toEqual([]);
      expect(r.thrown).toBeUndefined();
      expect(goCount).toBeGreaterThan(1000);
      expect(r).toEqual({ events: goCount, error: null, streamed: goCount, first: goFirst, last: goLast, broken: 'TraceError: bad file format: not a Go execution trace?' });
    }, 600_000);
  });
});
