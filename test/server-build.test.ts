import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script, typed by its use here.
import { buildServer, ensureServerBuilt, serverBuildIsStale } from '../bin/build-server.mjs';

/**
 * `npm start` runs the server built into JavaScript: a copy of the checkout (its own dist/) builds on
 * first start, runs from the bundle (migrations, the favicon, readiness), and builds again when a
 * source is newer than the build.
 */
describe.runIf(process.env.BANDEJA_TEST_DB !== 'postgres')('the server build', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bandeja-build-'));
  for (const part of ['bin', 'server', 'contracts', 'drizzle', 'package.json', 'package-lock.json', 'web/public']) cpSync(path.resolve(part), path.join(root, part), { recursive: true });
  symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds once, then only when a source is newer than the build', async () => {
    expect(serverBuildIsStale(root)).toBe(true);
    const logs: string[] = [];
    const bundle = await ensureServerBuilt({ root, log: (line: string) => logs.push(line) });
    expect(bundle).toBe(path.join(root, 'dist', 'server', 'cli.js'));
    expect(logs).toHaveLength(1);
    expect(serverBuildIsStale(root)).toBe(false);
    await ensureServerBuilt({ root, log: (line: string) => logs.push(line) });
    expect(logs).toHaveLength(1);
    // An edit (or a pull) after the build.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = new Date();
    utimesSync(path.join(root, 'server', 'config.ts'), now, now);
    expect(serverBuildIsStale(root)).toBe(true);
    await buildServer({ root, log: () => {} });
    expect(serverBuildIsStale(root)).toBe(false);
  });

  it('starts from the bundle on the embedded database and answers ready', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bandeja-build-data-'));
    const child = spawn(process.execPath, [path.join(root, 'bin', 'bandeja.mjs'), 'start', '--skip-web-build'], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const match = /running at (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('exit', () => reject(new Error(`exited early: ${output}`)));
      });
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const icon = await fetch(`${url}/favicon.ico`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toContain('image/svg+xml');
      // It ran the bundle, not the sources through a TypeScript loader.
      expect(child.spawnargs).not.toContain('tsx');
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.on('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
