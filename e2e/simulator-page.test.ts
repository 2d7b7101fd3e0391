import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../server/simulator/index.js';
import { browserPool } from './support/browser.js';

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 10_000 });

/**
 * The simulator's customer phone as a new user drives it: create a customer, then click Send (a
 * real click, no Enter) — the "customer created" toast that faded out must not sit over the button.
 */
describe('the simulator page', () => {
  const browsers = browserPool('es', 'simulator-page');

  it('sends the first message with a click right after creating a customer', async () => {
    const sim = await startSimulator({ retryBaseMs: 50 });
    try {
      // Its webhooks go nowhere (a closed port): this is about the page, not the delivery.
      sim.addNumber({ phoneNumberId: '100000000000777', wabaId: '100000000000778', displayPhoneNumber: '+54 11 5555-0777', verifiedName: 'Tienda', accessToken: 'EAAGpage', appSecret: 'page-secret', verifyToken: 'v', webhookUrl: 'http://127.0.0.1:9/webhooks/whatsapp' });
      const page = await browsers.open();
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(sim.url);
      await page.locator('#new-name').fill('Carla Gómez');
      await page.locator('#new-phone').fill('5491150000999');
      await page.locator('#create').click();
      await visible(page.locator('#toast.show'));
      await page.locator('#toast.show').waitFor({ state: 'detached', timeout: 10_000 });
      await page.locator('#text').fill('Hola, ¿tienen el modelo azul?');
      await page.locator('#composer button[type="submit"]').click({ timeout: 5_000 });
      await visible(page.locator('#messages').getByText('Hola, ¿tienen el modelo azul?'));
      expect(await page.locator('#text').inputValue()).toBe('');
    } finally {
      await browsers.close();
      await sim.stop();
      browsers.removeFolders();
    }
  });
});
