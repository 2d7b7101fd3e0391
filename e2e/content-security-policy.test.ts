import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../contracts/channels.js';
import { rollUpMetrics } from '../server/modules/metrics/rollup.js';
import { APP_POLICY, DOCS_POLICY } from '../server/http/content-security-policy.js';
import { type MessageKey, translate } from '../web/src/i18n/translate.js';
import { browserPool, callApi, screenshotDir, snap, temporaryDirectory } from './support/browser.js';
import { serverWithSimulator } from './support/stack.js';

const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });
const m = (key: MessageKey) => translate('en', key);

const meta = {
  phoneNumberId: '106540352242977',
  wabaId: '102290129340377',
  displayPhoneNumber: '+54 11 5555-0077',
  verifiedName: 'Tienda Norte',
  accessToken: 'EAAGm0PX4ZCpsBAKZCXhkZA7qL9vYzcsptoken',
  appSecret: 'f1e2d3c4b5a60718293a4b5c6d7e8f90',
};
const verifyToken = 'csp-e2e-verify-token';
const onePixelPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

type Violation = { directive: string; blocked: string; sample: string; source: string };

/** Records every CSP violation of every document the page loads, before the app's scripts run. */
async function watchViolations(page: Page) {
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { cspViolations: Violation[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample, source: `${event.sourceFile}:${event.lineNumber}` });
    });
  });
  return {
    console,
    /** This document's violations so far, and the console's since the page opened. */
    async seen() {
      const inPage = await page.evaluate(() => (window as unknown as { cspViolations?: Violation[] }).cspViolations ?? []);
      return { inPage, console: [...console] };
    },
  };
}

/**
 * The app under its Content-Security-Policy in a real browser: the first-run wizard, a
 * conversation with a customer's picture and an attachment's preview, reports (charts), settings
 * and the API docs, with no violation reported anywhere; an inline script is refused.
 */
describe('content security policy', () => {
  const browsers = browserPool('en', 'csp');
  const stack = serverWithSimulator(browsers, { ...meta, verifyToken });

  it('serves every page under the policy without a violation', async () => {
    const { server, sim } = stack;
    const page = await browsers.open();
    const violations = await watchViolations(page);
    const expectNone = async (where: string) => {
      await page.waitForTimeout(300);
      expect(await violations.seen(), where).toEqual({ inPage: [], console: [] });
    };

    const first = await page.goto(server.url);
    expect(first?.headers()['content-security-policy']).toBe(APP_POLICY);
    const deepLink = await page.request.get(new URL('/inbox', server.url).toString(), { headers: { accept: 'text/html' } });
    expect(deepLink.headers()['content-security-policy']).toBe(APP_POLICY);

    // The wizard, through the UI: its writes pass the CSRF and Origin checks as a browser sends them.
    await page.getByRole('radio', { name: new RegExp(m('language.en')) }).click();
    await visible(page.getByRole('heading', { name: m('setup.welcome') }));
    await page.getByRole('button', { name: m('common.next') }).click();
    await page.getByLabel(m('setup.workspace.label')).fill('North Store');
    await page.getByRole('button', { name: m('common.next') }).click();
    await page.getByLabel(m('setup.owner.name')).fill('Alice Parker');
    await page.getByLabel(m('setup.owner.email')).fill('owner-csp@example.com');
    await page.getByLabel(m('setup.owner.password'), { exact: true }).fill('owner-password-1');
    await page.getByLabel(m('setup.owner.confirm')).fill('owner-password-1');
    await page.getByRole('button', { name: m('setup.submit') }).click();
    await page.getByRole('button', { name: m('setup.done.enter') }).click();
    await visible(page.getByRole('heading', { name: m('inbox.emptyTitle') }));
    await expectNone('setup');

    const connected = await callApi<{ channel: Channel }>(page, 'POST', '/channels', {
      type: 'whatsapp',
      name: 'Sales',
      phoneNumberId: meta.phoneNumberId,
      wabaId: meta.wabaId,
      accessToken: meta.accessToken,
      appSecret: meta.appSecret,
      verifyToken,
      apiBaseUrl: sim.url,
    });
    expect(connected.status, JSON.stringify(connected.json)).toBe(201);
    const carla = sim.customer(meta.phoneNumberId, { waId: '5491150000077', name: 'Carla Gómez' });
    await carla.sendText('Hola, ¿tienen stock?');
    await carla.sendImage({ bytes: Buffer.from(onePixelPng, 'base64'), mimeType: 'image/png', caption: 'Este modelo' });
    await sim.waitForIdle();
    // The picture is fetched from WhatsApp by a job after the webhook: wait until it is stored.
    const conversations = await callApi<{ conversations: { id: string }[] }>(page, 'GET', '/conversations');
    const conversationId = conversations.json.conversations[0]!.id;
    await expect
      .poll(
        async () => {
          const { json } = await callApi<{ messages: { type: string; mediaUrl: string | null }[] }>(page, 'GET', `/conversations/${conversationId}/messages`);
          return json.messages.some((message) => message.type === 'image' && message.mediaUrl !== null);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);

    // A conversation: the customer's picture from the API, then an attachment's preview (a blob: URL).
    await page.goto(new URL('/inbox', server.url).toString());
    const carlaItem = page.getByRole('region', { name: m('inbox.listLabel') }).getByRole('link').filter({ hasText: 'Carla Gómez' });
    await visible(carlaItem);
    await carlaItem.click();
    const timeline = page.getByRole('list', { name: m('inbox.timelineLabel') });
    const picture = timeline.locator('li[data-direction="inbound"] img');
    await visible(picture);
    await expect.poll(() => picture.first().evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth), { timeout: 10_000 }).toBe(1);
    const uploads = browsers.track(temporaryDirectory('bandeja-e2e-upload-'));
    const file = path.join(uploads, 'producto.png');
    writeFileSync(file, Buffer.from(onePixelPng, 'base64'));
    await page.getByTestId('attachment-input').setInputFiles(file);
    const preview = page.getByTestId('attachment').locator('img');
    await visible(preview);
    expect(await preview.getAttribute('src')).toMatch(/^blob:/);
    await expect.poll(() => preview.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(1);
    await snap(page, 'csp-conversation');
    await expectNone('conversation');

    // Fonts are the app's own (Inter, from its files), and loaded.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Inter');
    await expect.poll(() => page.evaluate(() => [...document.fonts].some((font) => font.family.includes('Inter') && font.status === 'loaded'))).toBe(true);

    // Reports draw charts (recharts sets SVG styles from script): fold the events so History has figures.
    await rollUpMetrics(server.ctx, { settleMs: 0 });
    await page.getByRole('link', { name: m('nav.reports') }).click();
    await page.getByRole('link', { name: m('reports.tab.history'), exact: true }).click();
    await visible(page.getByTestId('volume-chart').locator('svg.recharts-surface'), 15_000);
    await page.getByTestId('volume-chart').getByRole('application').hover();
    await page.screenshot({ path: path.join(screenshotDir, 'csp-reports.png'), fullPage: true });
    await expectNone('reports');

    await page.getByRole('link', { name: m('nav.settings') }).click();
    for (const section of ['settings.members', 'settings.channels', 'settings.routing', 'settings.apiTokens', 'settings.audit'] as const) {
      await page.getByRole('navigation', { name: m('settings.title') }).getByRole('link', { name: m(section) }).click();
      await page.waitForLoadState('networkidle');
    }
    await expectNone('settings');

    // The policy is in force, so an empty list above means something: an injected inline script is refused.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
      return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(async () => (await violations.seen()).inPage.map((violation) => violation.directive)).toContain('script-src-elem');

    // Swagger UI, under its own policy.
    violations.console.length = 0;
    const docs = await page.goto(new URL('/api/docs/', server.url).toString());
    expect(docs?.headers()['content-security-policy']).toBe(DOCS_POLICY);
    // Tags start collapsed: the list of tag sections is what shows first.
    await visible(page.locator('.swagger-ui .opblock-tag').first(), 20_000);
    await page.screenshot({ path: path.join(screenshotDir, 'csp-api-docs.png') });
    await expectNone('api docs');
  });
});
