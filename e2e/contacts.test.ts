import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../contracts/channels.js';
import { type MessageKey, translate } from '../web/src/i18n/translate.js';
import { browserPool, callApi as call, screenshotDir } from './support/browser.js';
import { serverWithSimulator } from './support/stack.js';

const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });

/** Screenshots on a laptop and a phone, failing if the page scrolls sideways; ends at 1440×900. */
async function shoot(page: Page, name: string) {
  for (const size of [
    { name: '1440', width: 1440, height: 900 },
    { name: '390', width: 390, height: 844 },
  ]) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${size.name}.png`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} overflows at ${size.width}px`).toBe(0);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

const meta = {
  phoneNumberId: '106540352242966',
  wabaId: '102290129340366',
  displayPhoneNumber: '+54 11 5555-0066',
  verifiedName: 'Tienda Sur',
  accessToken: 'EAAGm0PX4ZCpsBAKZCXhkZA7qL9vYzcontactstoken',
  appSecret: 'e1b2c3d4e5f60718293a4b5c6d7e8f90',
};
const verifyToken = 'contacts-e2e-verify-token';

/** Customers who wrote are on the Contacts page, with their number and conversation; "no contacts yet" only when there are none. */
describe.each(['es', 'en'] as const)('contacts in %s', (language) => {
  const m = (key: MessageKey, vars: Record<string, string | number> = {}) => translate(language, key, vars);
  const browsers = browserPool(language, 'contacts');
  const stack = serverWithSimulator(browsers, { ...meta, verifyToken });

  it('lists the customers who wrote, searches them, and says when none match', async () => {
    const { server, sim } = stack;
    const page = await browsers.open();
    await page.goto(server.url);
    expect(
      (await call(page, 'POST', '/setup', { workspaceName: 'Tienda Sur', name: 'Ana Pérez', email: `ana-contacts-${language}@example.com`, password: 'owner-password-1', language, timeZone: 'America/Argentina/Buenos_Aires' }))
        .status,
    ).toBe(201);
    await page.setViewportSize({ width: 1440, height: 900 });

    // Before anyone writes, and only then, the page says there are no contacts.
    await page.goto(stack.url('/contacts'));
    await visible(page.getByRole('heading', { name: m('contacts.emptyTitle') }));

    const connected = await call<{ channel: Channel }>(page, 'POST', '/channels', {
      type: 'whatsapp', name: 'Ventas', phoneNumberId: meta.phoneNumberId, wabaId: meta.wabaId, accessToken: meta.accessToken, appSecret: meta.appSecret, verifyToken, apiBaseUrl: sim.url,
    });
    expect(connected.status).toBe(201);
    await sim.customer(meta.phoneNumberId, { waId: '5491150000401', name: 'Carla Gómez' }).sendText('Hola, ¿hacen envíos?');
    await sim.customer(meta.phoneNumberId, { waId: '5491150000402', name: 'Diego Ruiz' }).sendText('¿Qué horario tienen?');
    await sim.waitForIdle();

    await page.goto(stack.url('/contacts'));
    const table = page.getByTestId('contacts-table');
    await visible(table);
    const rows = table.getByTestId('contact-row');
    await expect.poll(() => rows.count()).toBe(2);
    // The order (latest activity first, routing included) is the server test's; here, both are listed.
    expect((await rows.allTextContents()).sort()).toEqual([expect.stringContaining('Carla Gómez'), expect.stringContaining('Diego Ruiz')]);
    const carla = rows.filter({ hasText: 'Carla Gómez' });
    expect(await carla.textContent()).toContain('+5491150000401');
    expect(await carla.textContent()).toContain(m('status.open'));
    expect(await page.getByRole('heading', { name: m('contacts.emptyTitle') }).count()).toBe(0);
    for (const column of ['contacts.column.name', 'contacts.column.phone', 'contacts.column.lastConversation', 'contacts.column.lastActivity'] as const) {
      await visible(table.getByRole('columnheader', { name: m(column) }));
    }
    await shoot(page, `${language}-contacts`);

    // The conversation link opens it in the inbox.
    const open = carla.getByRole('link', { name: new RegExp(`Carla Gómez`) }).filter({ visible: true });
    const href = await open.first().getAttribute('href');
    expect(href).toMatch(/^\/inbox\/[0-9a-f-]{36}$/);

    // Search by part of the number, then by a name nobody has.
    await page.getByRole('searchbox', { name: m('contacts.search') }).fill('0402');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('0402');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Diego Ruiz')]);
    await page.getByRole('searchbox', { name: m('contacts.search') }).fill('Zulema');
    await visible(page.getByRole('heading', { name: m('contacts.noMatchTitle', { q: 'Zulema' }) }));
    expect(await page.getByRole('heading', { name: m('contacts.emptyTitle') }).count()).toBe(0);
    await shoot(page, `${language}-contacts-no-match`);

    await page.getByRole('searchbox', { name: m('contacts.search') }).fill('');
    await expect.poll(() => rows.count()).toBe(2);
    await open.first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(href);
  });
});
