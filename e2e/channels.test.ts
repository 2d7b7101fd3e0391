import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../contracts/channels.js';
import type { Conversation } from '../contracts/conversations.js';
import { loadConfig } from '../server/config.js';
import { type Simulator, startSimulator } from '../server/simulator/index.js';
import { type RunningServer, startServer } from '../server/start-server.js';
import { type MessageKey, translate } from '../web/src/i18n/translate.js';
import { browserPool, callApi as call, ensureFreshWebBuild, snap, temporaryDirectory } from './support/browser.js';

// playwright-core has no assertion library: these wait like Playwright's expect, then fail loudly.
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 10_000 });
const absent = (locator: Locator) => locator.first().waitFor({ state: 'detached', timeout: 10_000 });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The business number as Meta knows it; the simulator plays Meta's Graph API and webhooks.
const meta = {
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
  displayPhoneNumber: '+54 11 5555-0000',
  verifiedName: 'Tienda Sur',
  accessToken: 'EAAGm0PX4ZCpsBAKZCXhkZA7qL9vYzsystemusertoken',
  appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
};
const owner = {
  es: { workspace: 'Tienda Sur', name: 'Ana Pérez', channel: 'Ventas' },
  en: { workspace: 'South Store', name: 'Alice Parker', channel: 'Sales' },
} as const;
const password = 'owner-password-1';

/**
 * Settings → Channels against a real server and the WhatsApp simulator: connect a number through
 * the guided dialog (a wrong token first), paste-ready webhook settings, templates, a token that
 * expires and is rotated, a customer writing in through the webhook, read-only for agents, and
 * disconnecting without losing the conversation. Once per UI language.
 */
describe.each(['es', 'en'] as const)('channels in %s', (language) => {
  const m = (key: MessageKey, vars: Record<string, string | number> = {}) => translate(language, key, vars);
  const names = owner[language];
  const browsers = browserPool(language, 'channels');
  let server: RunningServer;
  let sim: Simulator;

  beforeAll(async () => {
    ensureFreshWebBuild();
    const dataDir = browsers.track(temporaryDirectory('bandeja-e2e-data-'));
    sim = await startSimulator({ retryBaseMs: 50 });
    server = await startServer(loadConfig({ DATA_DIR: dataDir, PORT: '0', SECRET_KEY: 'x'.repeat(40), LOG_LEVEL: 'warn', OUTBOUND_ALLOWED_ORIGINS: sim.url }));
    sim.addNumber({ ...meta, webhookUrl: `${server.url}/webhooks/whatsapp` });
  });

  afterAll(async () => {
    await browsers.close();
    await sim?.stop();
    await server?.stop();
    browsers.removeFolders();
  });

  const browser = () => browsers.open();


  async function waitForConversations(page: Page, count: number): Promise<Conversation[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { json } = await call<{ conversations: Conversation[] }>(page, 'GET', '/conversations');
      if (json.conversations.length === count || Date.now() > deadline) return json.conversations;
      await page.waitForTimeout(100);
    }
  }

  it('connects a number, syncs templates, receives a customer and disconnects', async () => {
    const page = await browser();
    await page.goto(server.url);
    // The setup wizard is covered by the onboarding test: create the workspace through the API.
    const setup = await call(page, 'POST', '/setup', {
      workspaceName: names.workspace,
      name: names.name,
      email: `owner-${language}@example.com`,
      password,
      language,
      timeZone: 'America/Argentina/Buenos_Aires',
    });
    expect(setup.status).toBe(201);
    await page.goto(new URL('/inbox', server.url).toString());
    await page.getByRole('link', { name: m('nav.settings') }).click();
    const settingsNav = page.getByRole('navigation', { name: m('settings.title') });
    await settingsNav.getByRole('link', { name: m('settings.channels') }).click();
    await visible(page.getByRole('heading', { name: m('channels.title'), level: 1 }));
    await visible(page.getByRole('heading', { name: m('channels.emptyTitle') }));
    await snap(page, `${language}-channels-empty`);

    // Step 1: what to fetch from Meta.
    await page.getByRole('button', { name: m('channels.connect') }).click();
    const dialog = page.getByRole('dialog');
    await visible(dialog.getByRole('heading', { name: m('connect.intro.title') }));
    await snap(page, `${language}-channels-connect-intro`);
    await dialog.getByRole('button', { name: m('connect.intro.start') }).click();

    // Step 2: the fields, with a token that Meta refuses.
    await visible(dialog.getByRole('heading', { name: m('connect.form.title') }));
    await dialog.getByLabel(m('connect.name'), { exact: true }).fill(names.channel);
    await dialog.getByLabel(m('connect.phoneNumberId'), { exact: true }).fill(meta.phoneNumberId);
    await dialog.getByLabel(m('connect.wabaId'), { exact: true }).fill(meta.wabaId);
    const accessToken = dialog.getByLabel(m('connect.accessToken'), { exact: true });
    await accessToken.fill('EAAGnot-the-right-token-000');
    expect(await accessToken.getAttribute('type')).toBe('password');
    await dialog.getByLabel(m('connect.appSecret'), { exact: true }).fill(meta.appSecret);
    await dialog.getByRole('button', { name: m('common.generate') }).click();
    const verifyToken = await dialog.getByLabel(m('connect.verifyToken'), { exact: true }).inputValue();
    expect(verifyToken).toMatch(/^[A-Za-z0-9]{32}$/);
    await dialog.getByText(m('common.advanced'), { exact: true }).click();
    const baseUrl = dialog.getByLabel(m('connect.apiBaseUrl'), { exact: true });
    expect(await baseUrl.inputValue()).toBe('https://graph.facebook.com');
    expect(await dialog.getByLabel(m('connect.apiVersion'), { exact: true }).inputValue()).toBe('v23.0');
    // An address the server does not list (an internal service): refused on the field, nothing called.
    await baseUrl.fill('http://127.0.0.1:9');
    await dialog.getByRole('button', { name: m('connect.submit') }).click();
    await visible(dialog.getByText(m('validation.graphBaseUrl')));
    await snap(page, `${language}-channels-connect-address-refused`);
    await baseUrl.fill(sim.url);
    await snap(page, `${language}-channels-connect-form`);
    await dialog.getByRole('button', { name: m('connect.submit') }).click();

    // Step 3 (failure): the check in plain words, and the way back to fix it.
    await visible(dialog.getByText(m('problem.token')));
    await visible(dialog.getByText(m('connect.failed.title')));
    await snap(page, `${language}-channels-connect-failed`);
    await dialog.getByRole('button', { name: m('connect.fix') }).click();
    await visible(dialog.getByRole('alert').filter({ hasText: m('problem.token') }));
    await accessToken.fill(meta.accessToken);
    await dialog.getByRole('button', { name: m('connect.submit') }).click();

    // Step 3 (success): connected, and the webhook settings to paste in Meta.
    await visible(dialog.getByText(m('connect.ok.title')));
    await visible(dialog.getByText(m('connect.ok.body', { number: `${meta.verifiedName} · ${meta.displayPhoneNumber}` })));
    expect(await dialog.getByLabel(m('connect.webhook.callbackUrl')).inputValue()).toBe(`${server.url}/webhooks/whatsapp`);
    expect(await dialog.getByLabel(m('connect.webhook.verifyToken'), { exact: true }).inputValue()).toBe(verifyToken);
    await visible(dialog.getByText('messages', { exact: true }));
    await snap(page, `${language}-channels-connect-success`);
    // Fixing the token updated the number instead of connecting it twice.
    const listed = await call<{ channels: Channel[] }>(page, 'GET', '/channels');
    expect(listed.json.channels).toHaveLength(1);
    // What Meta does when the verify token is pasted in its dashboard: the handshake succeeds.
    sim.updateNumber(meta.phoneNumberId, { verifyToken });
    expect((await sim.verifyWebhook(meta.phoneNumberId)).verified).toBe(true);
    await dialog.getByRole('button', { name: m('common.done') }).click();
    await absent(page.getByRole('dialog'));

    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: names.channel }) });
    await visible(card.getByText(m('health.connected'), { exact: true }));
    await visible(card.getByText(meta.displayPhoneNumber));
    await visible(card.getByText(meta.verifiedName));
    await snap(page, `${language}-channels-list`);

    // The same number cannot be connected twice: the form says so under the number's ID.
    await page.getByRole('button', { name: m('channels.connect') }).click();
    await dialog.getByRole('button', { name: m('connect.intro.start') }).click();
    await dialog.getByLabel(m('connect.name'), { exact: true }).fill(`${names.channel} 2`);
    await dialog.getByLabel(m('connect.phoneNumberId'), { exact: true }).fill(meta.phoneNumberId);
    await dialog.getByLabel(m('connect.wabaId'), { exact: true }).fill(meta.wabaId);
    await dialog.getByLabel(m('connect.accessToken'), { exact: true }).fill(meta.accessToken);
    await dialog.getByLabel(m('connect.appSecret'), { exact: true }).fill(meta.appSecret);
    await dialog.getByRole('button', { name: m('common.generate') }).click();
    await dialog.getByRole('button', { name: m('connect.submit') }).click();
    await visible(dialog.getByText(m('channels.alreadyConnected')));
    await dialog.getByRole('button', { name: m('common.close') }).click();
    await absent(page.getByRole('dialog'));

    // "Verificar" asks Meta again.
    await card.getByRole('button', { name: m('channels.check') }).click();
    await visible(page.getByRole('status').filter({ hasText: m('channels.checkOk', { name: names.channel }) }));

    // Templates: empty until synced from Meta.
    await card.getByRole('button', { name: m('channels.templates') }).click();
    await visible(dialog.getByRole('heading', { name: m('templates.title', { name: names.channel }) }));
    await visible(dialog.getByText(m('templates.emptyTitle')));
    await dialog.getByRole('button', { name: m('templates.sync') }).click();
    const synced = new RegExp([1, 5].map((n) => escapeRegExp(m('templates.synced', { count: n })).replace(String(n), '(\\d+)')).join('|'));
    const toast = page.getByRole('status').filter({ hasText: synced });
    await visible(toast);
    const found = synced.exec((await toast.first().textContent()) ?? '');
    const count = Number(found?.[1] ?? found?.[2]);
    const templates = dialog.getByRole('list', { name: m('channels.templates') }).getByRole('listitem');
    await visible(templates.filter({ hasText: 'bienvenida' }));
    expect(await templates.count()).toBe(count);
    await visible(dialog.getByText('Hola {{1}}, gracias por escribirnos. ¿En qué podemos ayudarte?'));
    await visible(dialog.getByText(m('templates.status.APPROVED'), { exact: true }));
    await visible(dialog.getByText(m('templates.status.REJECTED'), { exact: true }));
    await visible(dialog.getByText(m('templates.category.UTILITY')));
    await snap(page, `${language}-channels-templates`);
    await dialog.getByRole('button', { name: m('common.close') }).last().click();
    await absent(page.getByRole('dialog'));

    // A pasted token that Meta refuses: the card says what to fix; a new token fixes it.
    await card.getByRole('button', { name: m('channels.edit') }).click();
    await visible(dialog.getByRole('heading', { name: m('channelEdit.title', { name: names.channel }) }));
    const newToken = dialog.getByLabel(m('channelEdit.accessToken'), { exact: true });
    expect(await newToken.inputValue()).toBe('');
    await snap(page, `${language}-channels-edit`);
    await newToken.fill('EAAGexpired-token-1234');
    await dialog.getByRole('button', { name: m('common.save') }).click();
    await visible(dialog.getByText(m('problem.token')));
    await dialog.getByRole('button', { name: m('common.done') }).click();
    await visible(card.getByText(m('health.token_expired'), { exact: true }));
    await visible(card.getByText(m('problem.token')));
    // Admins see it on every page until it is fixed.
    await visible(page.getByRole('link', { name: m('shell.channelAlertFix') }));
    await snap(page, `${language}-channels-token-expired`);
    await card.getByRole('button', { name: m('channels.edit') }).click();
    await dialog.getByLabel(m('channelEdit.accessToken'), { exact: true }).fill(meta.accessToken);
    await dialog.getByRole('button', { name: m('common.save') }).click();
    await visible(page.getByRole('status').filter({ hasText: m('channels.checkOk', { name: names.channel }) }));
    await visible(card.getByText(m('health.connected'), { exact: true }));
    await expect.poll(() => page.getByRole('link', { name: m('shell.channelAlertFix') }).count()).toBe(0);

    // A customer writes: Meta's webhook reaches Bandeja, signed with the app secret typed in the form.
    await sim.customer(meta.phoneNumberId, { waId: '5491150000001', name: 'Carla' }).sendText('Hola');
    await sim.waitForIdle();
    const conversations = await waitForConversations(page, 1);
    expect(conversations).toHaveLength(1);
    expect(conversations[0]?.contact.name).toBe('Carla');
    expect(conversations[0]?.channelId).toBe(listed.json.channels[0]?.id);

    // Agents see the number and its templates, but cannot change anything.
    const invitation = await call<{ link: string }>(page, 'POST', '/invitations', { email: `agent-${language}@example.com`, role: 'agent' });
    expect(invitation.status).toBe(201);
    const agent = await browser();
    await agent.goto(server.url);
    const token = new URL(invitation.json.link).pathname.split('/').at(-1);
    expect((await call(agent, 'POST', `/invitation-links/${token}/accept`, { name: 'Bruno', password: 'agent-password-1' })).status).toBe(201);
    await agent.goto(new URL('/settings/channels', server.url).toString());
    await visible(agent.getByText(m('channels.readOnly')));
    const agentCard = agent.getByRole('listitem').filter({ has: agent.getByRole('heading', { name: names.channel }) });
    await visible(agentCard.getByRole('button', { name: m('channels.templates') }));
    await absent(agentCard.getByRole('button', { name: m('channels.edit') }));
    await absent(agentCard.getByRole('button', { name: m('channels.disconnect') }));
    await absent(agent.getByRole('button', { name: m('channels.connect') }));
    await snap(agent, `${language}-channels-agent`);

    // Disconnecting says the conversations stay, and they do.
    await card.getByRole('button', { name: m('channels.disconnect') }).click();
    await visible(dialog.getByText(m('channels.disconnectBody')));
    await snap(page, `${language}-channels-disconnect`);
    await dialog.getByRole('button', { name: m('channels.disconnect') }).click();
    await visible(page.getByRole('heading', { name: m('channels.emptyTitle') }));
    expect(await waitForConversations(page, 1)).toHaveLength(1);

    // The activity log tells the story in words.
    await settingsNav.getByRole('link', { name: m('settings.audit') }).click();
    await visible(page.getByText(m('audit.channel.connected', { actor: names.name, name: names.channel })));
    await visible(page.getByText(m('audit.channel.disconnected', { actor: names.name, name: names.channel })));
    await snap(page, `${language}-channels-audit`);
  });
});
