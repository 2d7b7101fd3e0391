#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a clone needs no separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
