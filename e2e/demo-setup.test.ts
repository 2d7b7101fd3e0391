import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { type DemoNumber, startDemo } from '../server/demo.js';
import { type RunningServer, startServer } from '../server/start-server.js';
import { type MessageKey, translate } from '../web/src/i18n/translate.js';
import { browserPool, ensureFreshWebBuild, screenshotDir, temporaryDirectory } from './support/browser.js';

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 10_000 });

async function shoot(page: Page, name: string) {
  for (const size of [
    { name: '1440', width: 1440, height: 900 },
    { name: '390', width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${size.name}.png`) });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${name} at ${size.width}px`).toBe(0);
  }
}

/** Demo mode on a fresh install: the wizard says the simulated number is waiting for this workspace, not that it is connected. */
describe.each(['es', 'en'] as const)('demo setup in %s', (language) => {
  const m = (key: MessageKey) => translate(language, key);
  const browsers = browserPool(language, 'demo-setup');
  let server: RunningServer;
  let demo: DemoNumber;

  beforeAll(async () => {
    ensureFreshWebBuild();
    const dataDir = browsers.track(temporaryDirectory('bandeja-e2e-data-'));
    server = await startServer(loadConfig({ DATA_DIR: dataDir, PORT: '0', SECRET_KEY: 'd'.repeat(40), LOG_LEVEL: 'warn' }));
    demo = await startDemo(server.ctx, server.url);
  });
  afterAll(async () => {
    await browsers.close();
    await demo?.stop();
    await server?.stop();
    browsers.removeFolders();
  });

  it('tells the owner the simulated number will be connected to the workspace being created', async () => {
    const page = await browsers.open();
    await page.goto(server.url);
    await visible(page.getByRole('heading', { name: m('setup.welcome') }));
    await page.getByRole('button', { name: m('common.next') }).click();
    await visible(page.getByRole('heading', { name: m('setup.workspace.title') }));
    const note = page.getByRole('status').filter({ hasText: m('setup.workspace.demoNumber') });
    await visible(note);
    expect(await note.textContent()).toContain(language === 'es' ? 'se conectará al primer espacio de trabajo que crees' : 'it will be connected to the first workspace you create');
    await shoot(page, `${language}-demo-setup-workspace`);

    // Once created, the last screen says the number is connected and what to do next, not "connect a number".
    await page.getByLabel(m('setup.workspace.label')).fill('Tienda Demo');
    await page.getByRole('button', { name: m('common.next') }).click();
    await visible(page.getByRole('heading', { name: m('setup.owner.title') }));
    await page.getByLabel(m('setup.owner.name')).fill('Ana Pérez');
    await page.getByLabel(m('setup.owner.email')).fill(`demo-${language}@example.com`);
    await page.getByLabel(m('setup.owner.password'), { exact: true }).fill('owner-password-1');
    await page.getByLabel(m('setup.owner.confirm')).fill('owner-password-1');
    await page.getByRole('button', { name: m('setup.submit') }).click();
    await visible(page.getByRole('button', { name: m('setup.done.enter') }));
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).toContain(language === 'es' ? 'el número simulado está conectado' : 'the simulated number is connected');
    expect(body).not.toContain(language === 'es' ? 'conectar un número de WhatsApp' : 'connect a WhatsApp number');
    await shoot(page, `${language}-demo-setup-done`);
  });
});
