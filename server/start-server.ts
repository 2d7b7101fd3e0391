import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bootContext, type BootOptions } from './boot.js';
import { projectRoot } from './lib/project-root.js';
import type { Config } from './config.js';
import { anyWorkspaceExists } from './modules/workspaces/workspaces.repository.js';
import { buildHttpServer } from './http/app.js';
import { jobDefinitions } from './jobs/registry.js';
import { createMetricsFolder } from './modules/metrics/metrics-folder.js';

const root = projectRoot;
export const webDist = path.join(root, 'web', 'dist');

/** Builds the web app once if this checkout has no build yet (a fresh clone after npm install). */
export function ensureWebBuilt(log: (line: string) => void = console.log) {
  if (existsSync(path.join(webDist, 'index.html'))) return;
  log('Building the web app (first start only)…');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Tests run with NODE_ENV=test; the app must still be the production build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export type RunningServer = Awaited<ReturnType<typeof startServer>>;

/** Boot → migrate → jobs → HTTP. Returns handles so tests and the CLI can stop it gracefully. */
export async function startServer(config: Config, options: BootOptions & { workers?: boolean; web?: boolean } = {}) {
  const ctx = await bootContext(config, options);
  const app = await buildHttpServer(ctx, { webDist: options.web === false ? undefined : webDist });
  const metricsFolder = createMetricsFolder(ctx);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    await metricsFolder.stop();
    await ctx.shutdown();
  };
  try {
    if (options.workers !== false) {
      await ctx.jobs.startWorkers(ctx, jobDefinitions);
      // Payloads stored before a crash but not processed: pick them up now, not in a minute.
      await ctx.webhooks.recover(0);
      ctx.routing.startTimer(config.routingTickMs);
      // Reports follow the event log within seconds.
      metricsFolder.listen();
    }
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  ctx.setListeningPort(port);
  return { app, ctx, port, url: ctx.publicUrl(), needsSetup: !(await anyWorkspaceExists(ctx.db)), stop };
}
