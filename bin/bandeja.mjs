#!/usr/bin/env -S node --max-semi-space-size=1
// Runs the server built into JavaScript (dist/server/cli.js), building it first on a fresh clone or
// after a source changed. `npm run dev` runs the TypeScript sources through tsx instead. The small
// young generation (1 MB semi-spaces, in `npm start` too) keeps idle memory down: the server's garbage
// is short-lived request data, and V8's default 16 MB semi-spaces were a fifth of its idle memory.
import { pathToFileURL } from 'node:url';
import { ensureServerBuilt } from './build-server.mjs';

process.setSourceMapsEnabled(true);
const bundle = await ensureServerBuilt({ log: (line) => console.error(line) });
await import(pathToFileURL(bundle).href);
