import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { type Simulator, startSimulator } from '../../server/simulator/index.js';
import { type RunningServer, startServer } from '../../server/start-server.js';
import { type browserPool, ensureFreshWebBuild, temporaryDirectory } from './browser.js';

/**
 * For one describe block: the real server on a fresh data folder (the embedded database), and the
 * WhatsApp simulator with one business number whose webhooks go to that server. Stopped after.
 */
export function serverWithSimulator(browsers: ReturnType<typeof browserPool>, number: Omit<Parameters<Simulator['addNumber']>[0], 'webhookUrl'>) {
  const stack = {
    server: undefined as unknown as RunningServer,
    sim: undefined as unknown as Simulator,
    url: (path: string) => new URL(path, stack.server.url).toString(),
  };
  beforeAll(async () => {
    ensureFreshWebBuild();
    const dataDir = browsers.track(temporaryDirectory('bandeja-e2e-data-'));
    stack.sim = await startSimulator({ retryBaseMs: 50 });
    stack.server = await startServer(loadConfig({ DATA_DIR: dataDir, PORT: '0', SECRET_KEY: 's'.repeat(40), LOG_LEVEL: 'warn', OUTBOUND_ALLOWED_ORIGINS: stack.sim.url }));
    stack.sim.addNumber({ ...number, webhookUrl: `${stack.server.url}/webhooks/whatsapp` });
  });
  afterAll(async () => {
    await browsers.close();
    await stack.sim?.stop();
    await stack.server?.stop();
    browsers.removeFolders();
  });
  return stack;
}
