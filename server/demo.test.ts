import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.js';
import { TestClient } from '../test/support/client.js';
import { type DemoNumber, demoBannerLine, startDemo } from './demo.js';

let t: TestApp;
let demo: DemoNumber;
const connectedTo: string[] = [];
beforeAll(async () => {
  t = await createTestApp({ listen: true });
  demo = await startDemo(t.ctx, t.url, { onConnected: (name) => connectedTo.push(name) });
});
afterAll(async () => {
  await demo?.stop();
  await t.close();
});

describe('demo mode before and after the first workspace', () => {
  it('says the simulated number will be connected to the first workspace, then that it is', async () => {
    // A fresh data folder: no workspace to connect the number to.
    expect(demo.connectedTo).toBeNull();
    expect(demoBannerLine(demo)).toContain('it will be connected to the first workspace you create');
    expect(demoBannerLine(demo)).not.toMatch(/number is connected/);
    expect((await new TestClient(t).get('/api/v1/setup')).json()).toEqual({ needed: true, demo: true });

    const owner = new TestClient(t);
    const setup = await owner.post('/api/v1/setup', { workspaceName: 'Tienda Demo', name: 'Olga Dueña', email: 'olga-demo@example.com', password: 'a long enough password', language: 'es' });
    expect(setup.statusCode).toBe(201);
    await expect.poll(() => connectedTo, { timeout: 10_000 }).toEqual(['Tienda Demo']);
    expect(demo.connectedTo).toBe('Tienda Demo');
    expect(demoBannerLine(demo)).toBe(`Demo: a simulated WhatsApp number is connected to "Tienda Demo". Chat as a customer at ${demo.url}`);
    const channels = (await owner.get('/api/v1/channels')).json().channels;
    expect(channels).toMatchObject([{ name: 'Demo (simulador)' }]);
    // The wizard is done: nothing waits any more.
    expect((await new TestClient(t).get('/api/v1/setup')).json()).toEqual({ needed: false, demo: false });
  });
});
