import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { type RunningServer, startServer } from '../server/start-server.js';
import { browserPool, screenshotDir, temporaryDirectory } from './support/browser.js';

/**
 * The API docs page (Swagger UI) shows its list of operations, grouped by tag and collapsed, and a
 * tag opens to its operations with a link to come back to. How fast: docs/benchmarks.md.
 */
describe('API docs page', () => {
  const browsers = browserPool('en', 'api-docs');
  let server: RunningServer;
  beforeAll(async () => {
    const dataDir = browsers.track(temporaryDirectory('bandeja-e2e-data-'));
    server = await startServer(loadConfig({ DATA_DIR: dataDir, PORT: '0', SECRET_KEY: 'a'.repeat(40), LOG_LEVEL: 'warn' }), { web: false, workers: false });
  });
  afterAll(async () => {
    await browsers.close();
    await server?.stop();
    browsers.removeFolders();
  });

  it('lists the operations by tag, collapsed, and opens one tag with a deep link', async () => {
    const page = await browsers.open();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/api/docs/`);
    const tags = page.locator('.swagger-ui .opblock-tag');
    await tags.first().waitFor({ state: 'visible', timeout: 20_000 });
    const names = await tags.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-tag')));
    expect(names).toEqual(expect.arrayContaining(['contacts', 'conversations', 'setup']));
    // Collapsed: no operation is drawn until its tag is opened.
    expect(await page.locator('.swagger-ui .opblock').count()).toBe(0);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, 'api-docs-1440.png') });

    await page.locator('.swagger-ui .opblock-tag[data-tag="contacts"]').click();
    const list = page.locator('.swagger-ui .opblock').filter({ hasText: '/api/v1/contacts' });
    await list.first().waitFor({ state: 'visible' });
    expect(await page.locator('.swagger-ui .opblock-summary-path').allTextContents()).toEqual(expect.arrayContaining(['/api/v1/contacts', '/api/v1/contacts/{contactId}']));
    await expect.poll(() => new URL(page.url()).hash).toBe('#/contacts');
    // An operation opens with its parameters and its responses, the shared error shape resolved.
    const operation = page.locator('.swagger-ui .opblock-get').filter({ has: page.locator('.opblock-summary-path', { hasText: /^\/api\/v1\/contacts$/ }) });
    await operation.locator('.opblock-summary').click();
    await operation.locator('.parameters-container').getByText('cursor').first().waitFor({ state: 'visible' });
    const badRequest = operation.locator('.responses-table tr.response[data-code="400"]');
    await badRequest.waitFor({ state: 'visible' });
    await expect.poll(() => badRequest.textContent()).toContain('message');
    await page.screenshot({ path: path.join(screenshotDir, 'api-docs-contacts-1440.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(screenshotDir, 'api-docs-contacts-390.png') });
  });
});
