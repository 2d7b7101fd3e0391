import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../contracts/channels.js';
import { type MessageKey, translate } from '../web/src/i18n/translate.js';
import { browserPool, callApi as call, screenshotDir, snap } from './support/browser.js';
import { serverWithSimulator } from './support/stack.js';

const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });

const meta = {
  phoneNumberId: '106540352242977',
  wabaId: '102290129340377',
  displayPhoneNumber: '+54 11 5555-0077',
  verifiedName: 'Tienda Sur',
  accessToken: 'EAAGm0PX4ZCpsBAKZCXhkZA7qL9vYzsharedinboxtoken',
  appSecret: 'b1b2c3d4e5f60718293a4b5c6d7e8f90',
};
const verifyToken = 'shared-inbox-e2e-verify';

/**
 * Two members share the inbox: one takes a conversation (the other is told who got it), notes with
 * @mentions, a reply that collides with a new customer message, canned responses, hand-off with a
 * pinned note, resolve by keyboard, bulk actions, saved views, and customer text that looks like HTML.
 */
describe.each(['es', 'en'] as const)('shared inbox in %s', (language) => {
  const m = (key: MessageKey, vars: Record<string, string | number> = {}) => translate(language, key, vars);
  const browsers = browserPool(language, 'shared-inbox');
  const stack = serverWithSimulator(browsers, { ...meta, verifyToken });

  const url = stack.url;
  // Shortcuts are ignored while a field has focus, as they should be: leave the field first.
  const shortcut = async (page: Page, key: string) => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(key);
  };

  it('lets two members share conversations', async () => {
    const { server, sim } = stack;
    const ana = await browsers.open();
    await ana.goto(server.url);
    const owner = language === 'es' ? 'Ana Pérez' : 'Alice Parker';
    const agent = language === 'es' ? 'Luis Gómez' : 'Liam Green';
    expect(
      (await call(ana, 'POST', '/setup', { workspaceName: 'Tienda Sur', name: owner, email: `ana-${language}@example.com`, password: 'owner-password-1', language, timeZone: 'America/Argentina/Buenos_Aires' }))
        .status,
    ).toBe(201);
    const connected = await call<{ channel: Channel }>(ana, 'POST', '/channels', {
      type: 'whatsapp',
      name: 'Ventas',
      phoneNumberId: meta.phoneNumberId,
      wabaId: meta.wabaId,
      accessToken: meta.accessToken,
      appSecret: meta.appSecret,
      verifyToken,
      apiBaseUrl: sim.url,
    });
    expect(connected.status).toBe(201);
    // This team takes conversations from Unassigned itself (by default, routing gives them to whoever is available).
    expect((await call(ana, 'PATCH', '/routing/settings', { unmatched: 'wait' })).status).toBe(200);

    // A second member, an agent, in their own browser.
    const invited = await call<{ link: string }>(ana, 'POST', '/invitations', { email: `luis-${language}@example.com`, role: 'agent' });
    expect(invited.status).toBe(201);
    const token = new URL(invited.json.link).pathname.split('/').pop();
    const luis = await browsers.open();
    await luis.goto(server.url);
    expect((await call(luis, 'POST', `/invitation-links/${token}/accept`, { name: agent, password: 'agent-password-1', language })).status).toBe(201);

    // Workspace vocabulary: tags, a team, a canned response.
    const tag = await call<{ id: string }>(ana, 'POST', '/tags', { name: language === 'es' ? 'Mayorista' : 'Wholesale', color: 'violet' });
    expect(tag.status).toBe(201);
    expect((await call(ana, 'POST', '/tags', { name: language === 'es' ? 'Reclamo' : 'Complaint', color: 'red' })).status).toBe(201);
    const members = await call<{ members: { id: string; name: string }[] }>(ana, 'GET', '/members');
    expect((await call(ana, 'POST', '/teams', { name: language === 'es' ? 'Postventa' : 'Aftersales', memberIds: members.json.members.map((member) => member.id) })).status).toBe(201);
    expect(
      (await call(ana, 'POST', '/canned-responses', { shortcut: 'saludo', title: language === 'es' ? 'Saludo' : 'Greeting', body: 'Hola {{contact.first_name}}, soy {{agent.first_name}}. ¿En qué te ayudo?' }))
        .status,
    ).toBe(201);

    // Three customers write; one of them types something that looks like HTML.
    const carla = sim.customer(meta.phoneNumberId, { waId: '5491150000101', name: 'Carla Gómez' });
    const bruno = sim.customer(meta.phoneNumberId, { waId: '5491150000102', name: 'Bruno Díaz' });
    const diego = sim.customer(meta.phoneNumberId, { waId: '5491150000103', name: '<b>Diego</b>' });
    await bruno.sendText('¿Hacen envíos a Córdoba?', { at: Date.now() - 40 * 60_000 });
    await carla.sendText('Hola, ¿tienen stock del modelo azul?', { at: Date.now() - 12 * 60_000 });
    await diego.sendText('<img src=x onerror="window.__xss=1">hola<script>window.__xss=2</script>');
    await sim.waitForIdle();

    await ana.goto(url('/inbox'));
    const list = ana.getByRole('region', { name: m('inbox.listLabel') });
    const row = (page: Page, name: string) => page.getByRole('region', { name: m('inbox.listLabel') }).getByRole('link').filter({ hasText: name });
    await visible(row(ana, 'Carla Gómez'));
    await visible(row(ana, 'Bruno Díaz'));
    // Longest waiting first by default.
    const order = await list.getByRole('link').allInnerTexts();
    expect(order.findIndex((text) => text.includes('Bruno'))).toBeLessThan(order.findIndex((text) => text.includes('Carla')));
    await visible(ana.getByTestId('inbox-views').getByRole('link', { name: new RegExp(m('inbox.view.unassigned')) }));
    await snap(ana, `${language}-shared-inbox-list`);

    // Customer text is text: the HTML shows as typed and nothing runs.
    await row(ana, 'Diego').click();
    await visible(ana.getByRole('heading', { name: '<b>Diego</b>', level: 2 }));
    await visible(ana.getByText('<img src=x onerror="window.__xss=1">hola<script>window.__xss=2</script>'));
    expect(await ana.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();

    // Luis opens Carla; Ana takes it first; Luis's "Take" says who got it.
    await luis.goto(url('/inbox'));
    await row(luis, 'Carla Gómez').click();
    const takeLuis = luis.getByRole('button', { name: m('take.button'), exact: true });
    await visible(takeLuis);
    await row(ana, 'Carla Gómez').click();
    await visible(ana.getByRole('heading', { name: 'Carla Gómez', level: 2 }));
    await ana.getByRole('button', { name: m('take.button'), exact: true }).click();
    await visible(ana.getByText(m('inbox.assignedToYou')));
    await takeLuis.click({ timeout: 2000 }).catch(() => {});
    await visible(luis.getByText(new RegExp(`${m('take.alreadyTaken', { name: owner })}|${m('inbox.assignedTo', { name: owner })}`)));

    // With "only the assignee replies", Luis is stopped by the server and told why.
    expect((await call(ana, 'PATCH', '/workspace', { inboxSettings: { onlyAssigneeReplies: true } })).status).toBe(200);
    const luisReply = luis.getByLabel(m('inbox.composer.label'));
    await luisReply.fill(language === 'es' ? 'Yo te ayudo, Carla' : 'I can help, Carla');
    await luisReply.press('Enter');
    await visible(luis.getByText(m('composer.onlyAssignee')));
    await snap(luis, `${language}-shared-inbox-only-assignee`);
    expect((await call(ana, 'PATCH', '/workspace', { inboxSettings: { onlyAssigneeReplies: false } })).status).toBe(200);

    // A new customer writes while both have the inbox open: both lists show it live, without a reload.
    const elena = sim.customer(meta.phoneNumberId, { waId: '5491150000104', name: 'Elena Ruiz' });
    await elena.sendText(language === 'es' ? '¿Abren el sábado?' : 'Are you open on Saturday?');
    await visible(row(ana, 'Elena Ruiz'));
    await visible(row(luis, 'Elena Ruiz'));

    // A note with an @mention: n switches to note mode, @ opens the member picker.
    await shortcut(ana, 'n');
    const note = ana.getByLabel(m('composer.noteLabel'));
    await visible(note);
    await note.pressSequentially(language === 'es' ? 'Pregunta por mayorista @Lu' : 'Asks about wholesale @Li');
    await visible(ana.getByRole('listbox', { name: m('composer.mentionLabel') }).getByRole('option', { name: agent }));
    await note.press('Enter');
    expect(await note.inputValue()).toContain(`@${agent}`);
    await note.press('Enter');
    const timeline = ana.getByRole('list', { name: m('inbox.timelineLabel') });
    await visible(timeline.locator('li[data-note="true"]').filter({ hasText: `@${agent}` }));
    // Luis is told.
    await expect
      .poll(async () => (await call<{ notifications: { kind: string }[] }>(luis, 'GET', '/notifications')).json.notifications.map((item) => item.kind), { timeout: 10_000 })
      .toContain('mentioned');

    // Canned response: "/" at the start opens the picker; inserting fills the variables.
    await shortcut(ana, 'r');
    const reply = ana.getByLabel(m('inbox.composer.label'));
    await visible(reply);
    await reply.fill('/sal');
    await visible(ana.getByRole('listbox', { name: m('composer.cannedLabel') }));
    await reply.press('Enter');
    expect(await reply.inputValue()).toBe(`Hola Carla, soy ${owner.split(' ')[0]}. ¿En qué te ayudo?`);

    // The customer writes while Ana types (her list of messages is not refreshed meanwhile): the
    // server stops the reply and shows what is new; "Send anyway" sends it.
    const isMessageList = (address: URL) => address.pathname.endsWith('/messages') && address.searchParams.has('limit');
    await ana.route(isMessageList, (route) => route.abort());
    await carla.sendText('¡Ah! Y también el rojo');
    await sim.waitForIdle();
    await reply.press('Enter');
    const stale = ana.getByTestId('stale-reply');
    await visible(stale.getByText('¡Ah! Y también el rojo'));
    await snap(ana, `${language}-shared-inbox-stale`);
    await ana.unroute(isMessageList);
    await stale.getByRole('button', { name: m('stale.sendAnyway') }).click();
    await visible(timeline.locator('li[data-direction="outbound"]').filter({ hasText: 'Hola Carla' }));
    await visible(timeline.locator('li[data-direction="inbound"]').filter({ hasText: 'también el rojo' }));

    // Hand off to Luis with a note: pinned for him, and the timeline says so.
    await shortcut(ana, 'a');
    const dialog = ana.getByRole('dialog', { name: m('handoff.title') });
    await visible(dialog);
    await dialog.getByLabel(m('handoff.member')).selectOption({ label: agent });
    await dialog.getByRole('button', { name: m('handoff.submit') }).click();
    await visible(dialog.getByText(m('handoff.noteRequired')));
    await dialog.getByLabel(m('handoff.noteRequiredLabel')).fill(language === 'es' ? 'Quiere factura A, ya le pasé precios' : 'Wants an invoice, prices already sent');
    await dialog.getByRole('button', { name: m('handoff.submit') }).click();
    await visible(ana.getByTestId('pinned-note'));
    await visible(timeline.getByText(m('activity.handedOff', { actor: owner, to: agent })));
    await snap(ana, `${language}-shared-inbox-conversation`);

    // Luis sees it pinned, with a note and his notification.
    await luis.reload();
    await visible(luis.getByTestId('pinned-note'));
    await visible(luis.getByRole('button', { name: new RegExp(m('notifications.label')) }));

    // Tags from the side panel, then resolve with "e".
    await ana.setViewportSize({ width: 1600, height: 900 });
    const panel = ana.getByTestId('side-panel');
    await panel.getByLabel(m('details.addTag')).selectOption({ label: language === 'es' ? 'Mayorista' : 'Wholesale' });
    await visible(row(ana, 'Carla Gómez').getByText(language === 'es' ? 'Mayorista' : 'Wholesale'));
    await visible(panel.getByText(m('details.history')));
    await ana.screenshot({ path: `${screenshotDir}/${language}-shared-inbox-side-panel-1600.png` });
    await shortcut(ana, 'e');
    await visible(ana.getByRole('heading', { name: 'Carla Gómez', level: 2 }).locator('xpath=../..').getByText(m('status.resolved'), { exact: true }));
    await visible(timeline.getByText(m('activity.resolved', { actor: owner })));
    await snap(ana, `${language}-shared-inbox-details`);

    // Filters and a saved view.
    await ana.goto(url('/inbox?view=all'));
    await ana.getByRole('button', { name: m('filters.button'), exact: true }).click();
    await ana.getByTestId('filter-bar').getByRole('button', { name: m('status.resolved') }).click();
    await ana.getByLabel(m('filters.tag')).selectOption({ label: language === 'es' ? 'Mayorista' : 'Wholesale' });
    await visible(row(ana, 'Carla Gómez'));
    await expect.poll(() => row(ana, 'Bruno Díaz').count()).toBe(0);
    await ana.getByRole('button', { name: m('views.save') }).click();
    const save = ana.getByRole('dialog', { name: m('views.save') });
    await save.getByLabel(m('views.name')).fill(language === 'es' ? 'Mayoristas resueltas' : 'Resolved wholesale');
    await save.getByRole('button', { name: m('views.saveSubmit') }).click();
    await visible(ana.getByTestId('inbox-views').getByRole('link', { name: language === 'es' ? 'Mayoristas resueltas' : 'Resolved wholesale' }));
    await snap(ana, `${language}-shared-inbox-filters`);

    // Bulk: pick the two unassigned conversations and raise their priority.
    await ana.goto(url('/inbox?view=unassigned'));
    await visible(row(ana, 'Bruno Díaz'));
    await ana.getByLabel(m('inbox.selectAll')).check();
    const bulk = ana.getByRole('toolbar', { name: m('bulk.label') });
    await bulk.getByLabel(m('bulk.priority')).selectOption({ label: m('priority.urgent') });
    await visible(row(ana, 'Bruno Díaz').getByText(m('priority.urgent')));

    // Keyboard: j opens the first conversation; ? lists the shortcuts.
    await shortcut(ana, 'j');
    await visible(ana.getByRole('heading', { level: 2 }));
    await shortcut(ana, '?');
    await visible(ana.getByRole('dialog', { name: m('shortcuts.title') }));
    await ana.keyboard.press('Escape');

    // Phone: list and conversation are separate screens.
    await ana.setViewportSize({ width: 390, height: 844 });
    await ana.goto(url('/inbox?view=all'));
    await visible(row(ana, 'Bruno Díaz'));
    await row(ana, 'Bruno Díaz').click();
    await visible(ana.getByRole('heading', { name: 'Bruno Díaz', level: 2 }));
    await snap(ana, `${language}-shared-inbox-phone-conversation`);
    await ana.setViewportSize({ width: 390, height: 844 });
    await ana.getByRole('button', { name: m('details.toggle') }).click();
    await visible(ana.getByTestId('side-panel'));
    await ana.screenshot({ path: `${screenshotDir}/${language}-shared-inbox-phone-details-390.png` });

    // Settings pages for the inbox.
    for (const page of ['teams', 'tags', 'canned-responses', 'workspace']) {
      await ana.goto(url(`/settings/${page}`));
      await visible(ana.getByRole('heading', { level: 1 }));
      await snap(ana, `${language}-settings-${page}`);
    }
  });
});
