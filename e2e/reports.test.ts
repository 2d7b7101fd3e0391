import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../contracts/channels.js';
import { type MessageKey, translate } from '../web/src/i18n/translate.js';
import { browserPool, callApi as call, screenshotDir } from './support/browser.js';
import { serverWithSimulator } from './support/stack.js';

const visible = (locator: Locator, timeout = 10_000) => locator.filter({ visible: true }).first().waitFor({ state: 'visible', timeout });

/** The tick labels of the charts' count axes: whole numbers only (a count of 0,8 conversations means nothing). */
async function countTicks(history: Locator) {
  const labels = (testId: string, axis: 'x' | 'y') => history.getByTestId(testId).locator(`.recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`).allTextContents();
  return { volume: await labels('volume-chart', 'y'), firstResponse: await labels('first-response-chart', 'x'), load: await labels('load-chart', 'y') };
}
const wholeNumbers = { volume: expect.arrayContaining([expect.stringMatching(/^\d+$/)]), firstResponse: expect.arrayContaining([expect.stringMatching(/^\d+$/)]), load: expect.arrayContaining([expect.stringMatching(/^\d+$/)]) };
/** The count charts alone, on a laptop and a phone, to look at their axes. */
async function shootCountCharts(page: Page, history: Locator, name: string) {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(400);
    for (const chart of ['volume-chart', 'load-chart']) await history.getByTestId(chart).screenshot({ path: `${screenshotDir}/${name}-${chart}-${size.width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}
const expectWholeTicks = (ticks: Awaited<ReturnType<typeof countTicks>>) => {
  expect(ticks).toMatchObject(wholeNumbers);
  for (const [chart, labels] of Object.entries(ticks)) for (const label of labels) expect(label, `${chart} axis tick`).toMatch(/^\d+$/);
};

/**
 * Whole-page screenshots at desktop and phone width (reports are long: the layout below the fold
 * matters too); fails if the page scrolls sideways, which is how text that does not fit shows up.
 */
async function snapPage(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  for (const size of [
    { name: '1280', width: 1280, height: 800 },
    { name: '390', width: 390, height: 844 },
  ]) {
    await page.setViewportSize({ width: size.width, height: size.height });
    // Charts measure their container after a resize.
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${screenshotDir}/${name}-${size.name}.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} overflows at ${size.width}px`).toBe(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const meta = {
  phoneNumberId: '106540352242977',
  wabaId: '102290129340377',
  displayPhoneNumber: '+54 11 5555-0077',
  verifiedName: 'Tienda Sur',
  accessToken: 'EAAGm0PX4ZCpsBAKZCXhkZA7qL9vYzreportstoken',
  appSecret: 'd1b2c3d4e5f60718293a4b5c6d7e8f90',
};
const verifyToken = 'reports-e2e-verify-token';

type Conversation = { id: string; contact: { name: string | null }; assigneeMemberId: string | null };

/**
 * A customer writes and an agent replies; the owner watches "Ahora" count open conversations and
 * sees it change, without a reload, when another customer writes. Once the metrics are folded, the
 * History tab shows cards, charts, the agent and the lost conversation, in Spanish and in English;
 * the agent sees only their own figures.
 */
describe('reports', () => {
  const browsers = browserPool('es', 'reports');
  const stack = serverWithSimulator(browsers, { ...meta, verifyToken });

  const url = stack.url;

  it('shows the live dashboard updating, and the history with charts, in both languages', async () => {
    const { server, sim } = stack;
    let language: 'es' | 'en' = 'es';
    const m = (key: MessageKey, vars: Record<string, string | number> = {}) => translate(language, key, vars);
    const agent = 'Luis Gómez';

    const ana = await browsers.open();
    await ana.goto(server.url);
    expect(
      (await call(ana, 'POST', '/setup', { workspaceName: 'Tienda Sur', name: 'Ana Pérez', email: 'ana-reports@example.com', password: 'owner-password-1', language: 'es', timeZone: 'America/Argentina/Buenos_Aires' }))
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

    const invited = await call<{ link: string }>(ana, 'POST', '/invitations', { email: 'luis-reports@example.com', role: 'agent' });
    expect(invited.status).toBe(201);
    const luis = await browsers.open();
    await luis.goto(server.url);
    const token = new URL(invited.json.link).pathname.split('/').pop();
    expect((await call(luis, 'POST', `/invitation-links/${token}/accept`, { name: agent, password: 'agent-password-1', language: 'es' })).status).toBe(201);
    expect((await call(luis, 'PUT', '/me/status', { status: 'online' })).status).toBe(200);

    const conversationOf = async (name: string) => {
      let found: Conversation | undefined;
      await expect
        .poll(async () => {
          found = (await call<{ conversations: Conversation[] }>(ana, 'GET', '/conversations')).json.conversations.find((item) => item.contact.name === name);
          return found !== undefined;
        })
        .toBe(true);
      return found!;
    };

    // A customer wrote seven minutes ago; the agent takes the conversation and replies.
    const carla = sim.customer(meta.phoneNumberId, { waId: '5491150000301', name: 'Carla Gómez' });
    await carla.sendText('Hola, ¿hacen envíos a Rosario?', { at: Date.now() - 7 * 60_000 });
    await sim.waitForIdle();
    const carlaConversation = await conversationOf('Carla Gómez');
    // Routing may have given it to someone already: the owner assigns it to the agent either way.
    const members = await call<{ members: { id: string; name: string }[] }>(ana, 'GET', '/members');
    const luisId = members.json.members.find((member) => member.name === agent)!.id;
    expect((await call(ana, 'POST', `/conversations/${carlaConversation.id}/assign`, { assigneeId: luisId })).status).toBe(200);
    expect((await call(luis, 'POST', `/conversations/${carlaConversation.id}/messages`, { type: 'text', text: 'Sí, llegamos en 48 h.' })).status).toBeLessThan(300);
    await sim.waitForIdle();

    // "Ahora" counts the open conversation, and the agent with their load.
    await ana.goto(url('/reports'));
    await visible(ana.getByRole('heading', { name: m('reports.title'), level: 1 }));
    const openValue = ana.getByTestId('live-open-value');
    await expect.poll(() => openValue.textContent(), { timeout: 10_000 }).toBe('1');
    await visible(ana.getByTestId('live-agent').filter({ hasText: agent }).getByText(m('reports.live.load', { open: 1, capacity: 8 })));

    // Another customer writes: the stream refreshes the count, no reload (the poll is every 30 s).
    const diego = sim.customer(meta.phoneNumberId, { waId: '5491150000302', name: 'Diego Ruiz' });
    await diego.sendText('Buenas, ¿qué horario tienen?');
    await sim.waitForIdle();
    await expect.poll(() => openValue.textContent(), { timeout: 8_000, interval: 200 }).toBe('2');
    await visible(ana.getByTestId('live-teams'));
    await snapPage(ana, 'es-reports-live');

    // A third customer is resolved without an answer (lost); Carla's conversation is resolved.
    const elena = sim.customer(meta.phoneNumberId, { waId: '5491150000303', name: 'Elena Sosa' });
    await elena.sendText('¿Tienen factura A?');
    await sim.waitForIdle();
    const elenaConversation = await conversationOf('Elena Sosa');
    expect((await call(ana, 'PATCH', `/conversations/${elenaConversation.id}`, { status: 'resolved' })).status).toBe(200);
    expect((await call(luis, 'PATCH', `/conversations/${carlaConversation.id}`, { status: 'resolved' })).status).toBe(200);

    // No rollup by hand: the server folds the event log into the reports seconds after each change.
    await ana.goto(url('/reports/history'));
    const history = ana.getByTestId('history');
    await visible(history.getByTestId('volume-chart').locator('svg.recharts-surface'));
    await visible(history.getByTestId('first-response-chart').locator('svg.recharts-surface'));
    await visible(history.getByTestId('heatmap'));
    // Carla waited about seven minutes for a person: the card says so, in minutes.
    await expect.poll(() => history.getByTestId('timing-firstResponse').locator('p').first().textContent(), { timeout: 10_000 }).toMatch(/^\d+ min/);
    await expect.poll(() => history.getByTestId('count-new').locator('p').first().textContent(), { timeout: 10_000 }).toBe('3');
    expect(await history.getByTestId('count-lost').locator('p').first().textContent()).toBe('1');
    // The page says how fresh the figures are, from the server's asOf.
    const freshness = history.getByTestId('reports-freshness');
    const freshnessPattern = new RegExp(`^${m('reports.freshness.updated', { when: '@' }).replace('@', '.+')}$`);
    await expect.poll(() => freshness.textContent()).toMatch(freshnessPattern);

    // A hand-off shows in today's figures within seconds, on the open page (no reload; the poll is a minute).
    const handoffs = history.getByTestId('count-handoffs').locator('p').first();
    const handoffsBefore = Number(await handoffs.textContent());
    const diegoConversation = await conversationOf('Diego Ruiz');
    const diegoOwner = (await call<Conversation>(ana, 'GET', `/conversations/${diegoConversation.id}`)).json.assigneeMemberId;
    const anaId = members.json.members.find((member) => member.name === 'Ana Pérez')!.id;
    if (diegoOwner === null) expect((await call(ana, 'POST', `/conversations/${diegoConversation.id}/assign`, { assigneeId: anaId })).status).toBe(200);
    const handedFrom = diegoOwner ?? anaId;
    expect((await call(ana, 'POST', `/conversations/${diegoConversation.id}/assign`, { assigneeId: handedFrom === luisId ? anaId : luisId, note: 'Te lo paso: pregunta el horario' })).status).toBe(200);
    await expect.poll(() => handoffs.textContent(), { timeout: 10_000, interval: 250 }).toBe(String(handoffsBefore + 1));
    await visible(history.getByTestId('agent-figures-row').filter({ hasText: agent }));
    // Load over time: the chart, and the agent with the conversation they still own.
    await visible(history.getByTestId('load-chart').locator('svg.recharts-surface'));
    await visible(history.getByTestId('load-agents-row').filter({ hasText: agent }));
    // At most a few conversations: the count axes still step by whole numbers.
    expectWholeTicks(await countTicks(history));
    await shootCountCharts(ana, history, 'es-reports');
    const lostLink = history.getByTestId('lost-list').getByRole('link').filter({ hasText: 'Elena Sosa' });
    await visible(lostLink);
    expect(await lostLink.getAttribute('href')).toBe(`/inbox/${elenaConversation.id}`);

    // Filters and the clock live in the address bar.
    await history.getByRole('radio', { name: m('reports.hours.business') }).click();
    await ana.getByLabel(m('reports.range.label'), { exact: true }).selectOption('30d');
    await expect.poll(() => new URL(ana.url()).searchParams.toString()).toBe('range=30d&hours=business');
    await visible(history.getByTestId('volume-chart').locator('svg.recharts-surface'));

    // The CSV export is a plain link the session authenticates.
    const csvHref = await history.getByTestId('export-cycles').getAttribute('href');
    expect(csvHref).toMatch(/^\/api\/v1\/metrics\/cycles\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
    const csv = await ana.evaluate(async (href) => {
      const response = await fetch(href);
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    }, csvHref!);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.text).toContain('Carla Gómez');

    await ana.goto(url('/reports/history'));
    await visible(history.getByTestId('volume-chart').locator('svg.recharts-surface'));
    await snapPage(ana, 'es-reports-history');

    // Every card says what it measures, on hover or focus.
    const firstResponseCard = history.getByTestId('timing-firstResponse');
    await firstResponseCard.getByRole('button', { name: m('reports.definitionLabel', { metric: m('reports.metric.firstResponse') }) }).hover();
    await visible(firstResponseCard.getByRole('tooltip').getByText(m('reports.definition.firstResponse')));
    const box = (await firstResponseCard.boundingBox())!;
    await ana.screenshot({ path: `${screenshotDir}/es-reports-definition.png`, clip: { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: box.height + 96 } });

    // The agent sees the same page with only their figures, and no team or agent filters.
    await luis.goto(url('/reports/history'));
    await visible(luis.getByText(m('reports.onlyYours')));
    await visible(luis.getByTestId('volume-chart').locator('svg.recharts-surface'));
    expect(await luis.getByLabel(m('reports.filter.team'), { exact: true }).count()).toBe(0);
    await expect.poll(() => luis.getByTestId('agent-figures-row').allTextContents()).toEqual([expect.stringContaining(agent)]);
    await expect.poll(() => luis.getByTestId('load-agents-row').allTextContents()).toEqual([expect.stringContaining(agent)]);

    // The same pages in English.
    expect((await call(ana, 'PATCH', '/profile', { language: 'en' })).status).toBe(200);
    language = 'en';
    await ana.goto(url('/reports'));
    await visible(ana.getByRole('heading', { name: m('reports.title'), level: 1 }));
    await visible(ana.getByText(m('reports.live.longestWait')));
    // Carla's and Elena's conversations were resolved since: only Diego's is open.
    await expect.poll(() => openValue.textContent()).toBe('1');
    await snapPage(ana, 'en-reports-live');
    await ana.getByRole('link', { name: m('reports.tab.history') }).click();
    await visible(history.getByTestId('volume-chart').locator('svg.recharts-surface'));
    await visible(history.getByRole('heading', { name: m('reports.chart.histogramTitle') }));
    await visible(history.getByText(m('reports.bucket.above', { duration: m('reports.duration.hours', { n: 24 }) })));
    await visible(history.getByTestId('load-chart').locator('svg.recharts-surface'));
    expectWholeTicks(await countTicks(history));
    await shootCountCharts(ana, history, 'en-reports');
    await snapPage(ana, 'en-reports-history');
  });
});
