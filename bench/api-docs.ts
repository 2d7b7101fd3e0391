import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/start-server.js';

export type ApiDocsResult = { documentMs: number[]; documentBytes: number; pageMs: number[]; repeatMs: number[]; operations: number };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
export const medianOf = median;

/**
 * The API docs page as a newcomer opens it: a real server on a fresh PGlite folder, headless
 * Chromium with an empty cache each run, timing from navigation until the operations list (the
 * tag sections of Swagger UI) is visible; then a second visit in the same browser (its HTTP cache
 * warm). Also times GET /api/docs/json alone.
 */
export async function benchApiDocs(runs = 5): Promise<ApiDocsResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bandeja-bench-docs-'));
  const server = await startServer(loadConfig({ DATA_DIR: dataDir, PORT: '0', SECRET_KEY: 'b'.repeat(40), LOG_LEVEL: 'warn' }), { web: false, workers: false });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const documentMs: number[] = [];
    let documentBytes = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const body = await (await fetch(`${server.url}/api/docs/json`)).text();
      documentMs.push(performance.now() - started);
      documentBytes = body.length;
    }
    const pageMs: number[] = [];
    const repeatMs: number[] = [];
    let operations = 0;
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      for (const times of [pageMs, repeatMs]) {
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(`${server.url}/api/docs/`);
        await page.locator('.opblock-tag').first().waitFor({ state: 'visible', timeout: 60_000 });
        times.push(performance.now() - started);
        operations = await page.locator('.opblock-tag').count();
        await page.close();
      }
      await context.close();
    }
    return { documentMs, documentBytes, pageMs, repeatMs, operations };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('api-docs.ts')) {
  const result = await benchApiDocs(Number(process.env.BENCH_RUNS ?? 5));
  const f = (values: number[]) => `${median(values).toFixed(0)} (${values.map((v) => v.toFixed(0)).join(', ')})`;
  console.log(`GET /api/docs/json: ${(result.documentBytes / 1024).toFixed(0)} KiB, median ms ${f(result.documentMs)}`);
  console.log(`/api/docs until the operations list is visible: median ms ${f(result.pageMs)}; ${result.operations} tag sections`);
  console.log(`the same, second visit in the same browser: median ms ${f(result.repeatMs)}`);
}
