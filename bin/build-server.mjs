#!/usr/bin/env node
// Builds the server into one JavaScript file, dist/server/cli.js, so `npm start` runs plain JavaScript
// (no TypeScript compiler at start). `bin/bandeja.mjs` calls ensureServerBuilt() at every start: it
// builds when there is no build yet or a source is newer than it (a pull, an edit), like the web app.
// `npm run build` builds it (and the web app) ahead of time.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const checkout = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What the bundle is made of: a change in any of them makes it stale. */
const sources = ['server', 'contracts', 'package-lock.json'];

const bundleOf = (root) => path.join(root, 'dist', 'server', 'cli.js');
const stampOf = (root) => path.join(root, 'dist', 'server', 'built-from');

function newestSource(root) {
  let newest = 0;
  const visit = (entry) => {
    const stats = statSync(entry);
    if (stats.isDirectory()) {
      for (const name of readdirSync(entry)) visit(path.join(entry, name));
    } else if (/\.(ts|json)$/.test(entry) && !entry.endsWith('.test.ts')) newest = Math.max(newest, stats.mtimeMs);
  };
  for (const source of sources) if (existsSync(path.join(root, source))) visit(path.join(root, source));
  return newest;
}

/** True when dist/server/cli.js is missing or older than a source. */
export function serverBuildIsStale(root = checkout) {
  if (!existsSync(bundleOf(root)) || !existsSync(stampOf(root))) return true;
  return statSync(stampOf(root)).mtimeMs < newestSource(root);
}

export async function buildServer({ root = checkout, log = console.log } = {}) {
  const started = Date.now();
  const { build } = await import('esbuild');
  const bundle = bundleOf(root);
  mkdirSync(path.dirname(bundle), { recursive: true });
  // Written beside and renamed into place: a process starting meanwhile sees the old build or the new one, whole.
  const temporary = `${bundle}.${process.pid}.tmp.js`;
  await build({
    entryPoints: [path.join(root, 'server', 'cli.ts')],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies stay in node_modules, loaded by Node as they are.
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  renameSync(`${temporary}.map`, `${bundle}.map`);
  renameSync(temporary, bundle);
  writeFileSync(stampOf(root), `${new Date().toISOString()}\n`);
  log(`Built the server into dist/server in ${Date.now() - started} ms`);
  return bundle;
}

/** Builds the server when needed; returns the bundle's path. */
export async function ensureServerBuilt(options = {}) {
  const root = options.root ?? checkout;
  return serverBuildIsStale(root) ? buildServer({ ...options, root }) : bundleOf(root);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildServer();
