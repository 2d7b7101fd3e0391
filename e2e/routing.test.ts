import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../contracts/channels.js';
import type { Schedule } from '../contracts/routing.js';
import { type MessageKey, translate } from '../web/src/i18n/translate.js';
import { browserPool, callApi as call, screenshotDir, snap } from './support/browser.js';
import { serverWithSimulator } from './support/stack.js';

// Some texts are in the document twice (a table cell and its phone version under the name): wait for the shown one.
const visible = (locator: Locator, timeout = 10_000) => locator.filter({ visible: true }).first().waitFor({ state: 'visible', timeout });

/** Like `snap`, but scrolls `target` into view at each width, so the phone shot shows it too. */
async function snapShowing(page: Page, target: Locator, name: string) {
  for (const size of [
    { name: '1280', width: 1280, height: 800 },
    { name: '390', width: 390, height: 844 },
  ]) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await target.scrollIntoViewIfNeeded();
    await page.waitForTimeout(100);
    await page.screenshot({ path: `${screenshotDir}/${name}-${size.name}.png` });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} overflows at ${size.width}px`).toBe(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const meta = {
  phoneNumberId: '106540352242988',
  wabaId: '102290129340388',
  displayPhoneNumber: '+54 11 5555-0088',
  verifiedName: 'Tienda Sur',
  accessToken: 'EAAGm0PX4ZCpsBAKZCXhkZA7qL9vYzroutingtoken',
  appSecret: 'c1b2c3d4e5f60718293a4b5c6d7e8f90',
};
const verifyToken = 'routing-e2e-verify-token';

type Conversation = { id: string; contact: { name: string | null }; assigneeMemberId: string | null; teamId: string | null };

/**
 * An admin sets up routing in the browser, in Spanish: a "Mayoristas" team with one agent, that
 * agent's shift, a keyword rule tried with "Probar reglas" before saving. A customer who writes
 * "mayorista" is then assigned to the agent, and the conversation says why. The routing pages are
 * also screenshotted in English.
 */
describe('routing', () => {
  const browsers = browserPool('es', 'routing');
  const stack = serverWithSimulator(browsers, { ...meta, verifyToken });

  const url = stack.url;

  it('routes a wholesale customer to the agent on shift, explains why, and tests rules first', async () => {
    const { server, sim } = stack;
    let language: 'es' | 'en' = 'es';
    const m = (key: MessageKey, vars: Record<string, string | number> = {}) => translate(language, key, vars);
    const owner = 'Ana Pérez';
    const agent = 'Luis Gómez';

    const ana = await browsers.open();
    await ana.goto(server.url);
    expect(
      (await call(ana, 'POST', '/setup', { workspaceName: 'Tienda Sur', name: owner, email: 'ana-routing@example.com', password: 'owner-password-1', language: 'es', timeZone: 'America/Argentina/Buenos_Aires' }))
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
    // This shop has conversations without a team wait in Unassigned (the default gives them to whoever is available).
    expect((await call(ana, 'PATCH', '/routing/settings', { unmatched: 'wait' })).status).toBe(200);

    // The agent joins from their own browser.
    const invited = await call<{ link: string }>(ana, 'POST', '/invitations', { email: 'luis-routing@example.com', role: 'agent' });
    expect(invited.status).toBe(201);
    const luis = await browsers.open();
    await luis.goto(server.url);
    const token = new URL(invited.json.link).pathname.split('/').pop();
    expect((await call(luis, 'POST', `/invitation-links/${token}/accept`, { name: agent, password: 'agent-password-1', language: 'es' })).status).toBe(201);
    const members = await call<{ members: { id: string; name: string }[] }>(ana, 'GET', '/members');
    const luisId = members.json.members.find((member) => member.name === agent)!.id;

    // Earlier customers, before any wholesale rule: "Probar reglas" replays them.
    const bruno = sim.customer(meta.phoneNumberId, { waId: '5491150000201', name: 'Bruno Díaz' });
    const elena = sim.customer(meta.phoneNumberId, { waId: '5491150000202', name: 'Elena Ruiz' });
    await bruno.sendText('Hola, soy mayorista, ¿tienen lista para revendedores?', { at: Date.now() - 3 * 3600_000 });
    await elena.sendText('¿Abren el sábado?', { at: Date.now() - 2 * 3600_000 });
    await sim.waitForIdle();

    // A team with the agent in it.
    await ana.goto(url('/settings/teams'));
    await ana.getByRole('button', { name: m('teams.create') }).first().click();
    const teamDialog = ana.getByRole('dialog', { name: m('teams.create') });
    await teamDialog.getByLabel(m('teams.name'), { exact: true }).fill('Mayoristas');
    await teamDialog.getByRole('checkbox', { name: new RegExp(agent) }).check();
    await teamDialog.getByRole('button', { name: m('common.save') }).click();
    await visible(ana.getByText('Mayoristas', { exact: true }));

    // The team's hours and routing settings open and show the schedule editor.
    await ana.getByRole('group', { name: m('teams.actions', { name: 'Mayoristas' }) }).getByRole('button', { name: m('teamRouting.button') }).click();
    const teamRouting = ana.getByRole('dialog', { name: m('teamRouting.title', { name: 'Mayoristas' }) });
    await visible(teamRouting.getByText(m('teamRouting.reply')));
    await teamRouting.getByRole('radio', { name: m('hours.scheduled') }).check();
    await visible(teamRouting.getByTestId('schedule-day-mon'));
    await snapShowing(ana, teamRouting.getByTestId('schedule-day-mon'), 'es-routing-team-hours');
    await teamRouting.getByRole('button', { name: m('common.cancel') }).click();

    // The agent's shift covers the whole week, so it covers now.
    await ana.goto(url('/settings/agents'));
    await ana.getByRole('button', { name: m('agents.edit', { name: agent }) }).click();
    const agentDialog = ana.getByRole('dialog', { name: m('agents.editTitle', { name: agent }) });
    await agentDialog.getByRole('radio', { name: m('agents.shiftLabel') }).check();
    const monday = m('weekday.mon');
    await agentDialog.getByRole('button', { name: m('schedule.allDay', { day: monday }) }).click();
    await agentDialog.getByRole('button', { name: m('schedule.copyToAll', { day: monday }) }).click();
    await agentDialog.getByRole('button', { name: m('common.save') }).click();
    const luisRow = ana.getByTestId('agent-row').filter({ hasText: agent });
    await visible(luisRow.getByText(m('agents.onShift')));
    const shift = (await call<{ agents: { membershipId: string; onShift: boolean; shift: { weekly: Record<string, string[][]> } | null }[] }>(ana, 'GET', '/routing/agents')).json.agents.find(
      (item) => item.membershipId === luisId,
    )!;
    expect(shift.onShift).toBe(true);
    expect(shift.shift?.weekly.sun).toEqual([['00:00', '24:00']]);

    // A rule: "mayorista" goes to Mayoristas, round-robin; tried before saving.
    await ana.goto(url('/settings/routing'));
    await visible(ana.getByTestId('routing-rule'));
    await ana.getByRole('button', { name: m('routing.newRule') }).click();
    const editor = ana.getByRole('dialog', { name: m('ruleEditor.newTitle') });
    await editor.getByLabel(m('ruleEditor.name'), { exact: true }).fill('Mayoristas');
    await editor.getByLabel(m('ruleEditor.keywordValues', { condition: m('ruleEditor.conditionN', { n: 1 }) })).fill('mayorista, por mayor');
    await editor.getByLabel(m('ruleEditor.team'), { exact: true }).selectOption({ label: 'Mayoristas' });
    await editor.getByRole('radio', { name: new RegExp(`^${m('strategy.round_robin')}`) }).check();
    await visible(editor.getByTestId('rule-draft-summary').getByText(/«mayorista»/));
    await editor.getByRole('button', { name: m('ruleEditor.test'), exact: true }).click();
    const draftResult = editor.getByTestId('rule-test-result');
    await visible(draftResult);
    const brunoRow = draftResult.getByRole('row').filter({ hasText: 'Bruno Díaz' });
    await visible(brunoRow.getByText('Mayoristas'));
    await visible(brunoRow.getByText(agent));
    await snap(ana, 'es-routing-rule-editor-test');
    await editor.getByRole('button', { name: m('ruleEditor.create') }).click();
    await visible(ana.getByText(m('ruleEditor.created')));
    const ruleRow = ana.getByTestId('routing-rule').filter({ hasText: 'Mayoristas' });
    await visible(ruleRow.getByText(/«mayorista»/));
    await snap(ana, 'es-routing-rules');

    // Reordering sends the whole order; suggested rules ask first when there are rules already.
    await ana.getByRole('button', { name: m('routing.moveUp', { name: 'Mayoristas' }) }).click();
    await expect
      .poll(async () => (await call<{ rules: { name: string }[] }>(ana, 'GET', '/routing/rules')).json.rules.map((rule) => rule.name).indexOf('Mayoristas'))
      .toBe(7);
    await visible(ana.getByTestId('routing-rule').nth(7).getByText('Mayoristas', { exact: true }));
    await ana.getByRole('button', { name: m('routing.addDefaults') }).click();
    const confirmDefaults = ana.getByRole('dialog', { name: m('routing.defaultsTitle') });
    await visible(confirmDefaults);
    await confirmDefaults.getByRole('button', { name: m('common.cancel') }).click();

    // A rule change classifies again the conversations still waiting without a team: Bruno's now
    // waits in Mayoristas (the agent is not online yet). Once that settled, "Probar reglas" on the
    // saved list shows totals and the table, and changes nothing.
    const conversationOf = async (name: string) =>
      (await call<{ conversations: Conversation[] }>(ana, 'GET', '/conversations')).json.conversations.find((item) => item.contact.name === name);
    const teams = await call<{ teams: { id: string; name: string }[] }>(ana, 'GET', '/teams');
    const mayoristas = teams.json.teams.find((team) => team.name === 'Mayoristas')!;
    await expect.poll(async () => (await conversationOf('Bruno Díaz'))?.teamId, { timeout: 15_000 }).toBe(mayoristas.id);
    const before = await call<{ conversations: Conversation[] }>(ana, 'GET', '/conversations');
    const panel = ana.getByTestId('rule-test-panel');
    await panel.getByRole('radio', { name: m('ruleTest.days', { count: 1 }) }).click();
    await panel.getByRole('button', { name: m('ruleTest.run') }).click();
    await visible(panel.getByTestId('rule-test-result').getByText(m('ruleTest.total', { count: 2 })));
    await visible(panel.getByRole('row').filter({ hasText: 'Bruno Díaz' }).getByText(agent));
    await snapShowing(ana, panel.getByTestId('rule-test-result'), 'es-routing-test-result');
    const after = await call<{ conversations: Conversation[] }>(ana, 'GET', '/conversations');
    const assignments = (list: Conversation[]) => list.map((item) => [item.id, item.teamId, item.assigneeMemberId]).sort();
    expect(assignments(after.json.conversations)).toEqual(assignments(before.json.conversations));
    expect((await conversationOf('Bruno Díaz'))?.assigneeMemberId).toBeNull();

    // The agent comes online and gets Bruno from the queue; then a new wholesale customer writes
    // and is assigned to them too.
    expect((await call(luis, 'PUT', '/me/status', { status: 'online' })).status).toBe(200);
    await expect.poll(async () => (await conversationOf('Bruno Díaz'))?.assigneeMemberId, { timeout: 15_000 }).toBe(luisId);
    await ana.goto(url('/settings/agents'));
    await visible(luisRow.getByText(m('agents.presence.online')));
    await visible(luisRow.getByText(m('agents.yes'), { exact: true }));
    const carla = sim.customer(meta.phoneNumberId, { waId: '5491150000203', name: 'Carla Gómez' });
    await carla.sendText('Hola, soy MAYORISTA y quiero hacer un pedido grande');
    await sim.waitForIdle();
    await expect.poll(async () => (await conversationOf('Carla Gómez'))?.assigneeMemberId, { timeout: 15_000 }).toBe(luisId);
    const carlaConversation = (await conversationOf('Carla Gómez'))!;
    expect(carlaConversation.teamId).toBe(mayoristas.id);
    await ana.reload();
    await visible(luisRow.getByText(m('agents.openOf', { open: 2, capacity: 8 })));
    await snap(ana, 'es-routing-agents');

    // The conversation's timeline explains the decision.
    await ana.goto(url(`/inbox/${carlaConversation.id}`));
    const timeline = ana.getByRole('list', { name: m('inbox.timelineLabel') });
    await visible(timeline.getByText('Hola, soy MAYORISTA y quiero hacer un pedido grande'));
    const reason = m('activity.routed', {
      to: agent,
      by: m('activity.byRule', { rules: m('activity.quoted', { name: 'Mayoristas' }) }),
      details: m('activity.routedDetails', { strategy: m('activity.strategy.round_robin'), open: 2, capacity: 8 }),
    });
    await visible(timeline.getByText(reason));
    await ana.screenshot({ path: `${screenshotDir}/es-routing-timeline-1280.png` });

    // The same pages in English.
    expect((await call(ana, 'PATCH', '/profile', { language: 'en' })).status).toBe(200);
    language = 'en';
    await ana.goto(url('/settings/routing'));
    await visible(ana.getByRole('heading', { name: m('routing.title'), level: 1 }));
    await visible(ruleRow.getByText(/“mayorista”/));
    await snap(ana, 'en-routing-rules');
    await panel.getByRole('button', { name: m('ruleTest.run') }).click();
    await visible(panel.getByTestId('rule-test-result').getByText(m('ruleTest.total', { count: 3 })));
    await snapShowing(ana, panel.getByTestId('rule-test-result'), 'en-routing-test-result');
    await ruleRow.getByRole('button', { name: m('common.edit') }).click();
    const englishEditor = ana.getByRole('dialog', { name: m('ruleEditor.editTitle', { name: 'Mayoristas' }) });
    await englishEditor.getByRole('button', { name: m('ruleEditor.addCondition') }).click();
    await englishEditor.getByLabel(m('ruleEditor.conditionKind', { n: 2 })).selectOption({ label: m('conditionKind.contact_field') });
    await englishEditor.getByRole('button', { name: m('ruleEditor.test'), exact: true }).click();
    await visible(englishEditor.getByText(m('ruleEditor.fieldRequired')));
    await snapShowing(ana, englishEditor.getByTestId('rule-condition').nth(1), 'en-routing-rule-editor');
    await englishEditor.getByRole('button', { name: m('common.cancel') }).click();
    await ana.goto(url('/settings/agents'));
    await visible(luisRow.getByText(m('agents.onShift')));
    await snap(ana, 'en-routing-agents');
    await ana.getByRole('button', { name: m('agents.edit', { name: agent }) }).click();
    const shiftDialog = ana.getByRole('dialog', { name: m('agents.editTitle', { name: agent }) });
    await visible(shiftDialog.getByTestId('schedule-day-sun'));
    await snapShowing(ana, shiftDialog.getByTestId('schedule-day-mon'), 'en-routing-agent-shift');
    await ana.keyboard.press('Escape');
    for (const page of ['sla', 'channels', 'teams'] as const) {
      await ana.goto(url(`/settings/${page}`));
      await visible(ana.getByRole('heading', { level: 1 }));
      await snap(ana, `en-routing-settings-${page}`);
    }
    expect((await call(ana, 'PATCH', '/profile', { language: 'es' })).status).toBe(200);
    language = 'es';

    // SLA and availability: a change is saved.
    await ana.goto(url('/settings/sla'));
    await visible(ana.getByRole('heading', { name: m('sla.title'), level: 1 }));
    await snap(ana, 'es-routing-settings-sla');
    await ana.getByLabel(m('sla.warnAt')).fill('80');
    // Conversations without a team: this shop had them wait; now they go to whoever is available.
    expect(await ana.getByLabel(m('sla.unmatchedToAnyone')).isChecked()).toBe(false);
    await ana.getByLabel(m('sla.unmatchedToAnyone')).click();
    await ana.getByRole('button', { name: m('common.save') }).click();
    await visible(ana.getByText(m('common.saved')));
    const saved = (await call<{ sla: { warnAtPercent: number }; unmatched: string }>(ana, 'GET', '/routing/settings')).json;
    expect(saved).toMatchObject({ sla: { warnAtPercent: 80 }, unmatched: 'anyone' });

    // A number's default team and out-of-hours reply.
    await ana.goto(url('/settings/channels'));
    await ana.getByRole('button', { name: m('channelRouting.button') }).click();
    const channelDialog = ana.getByRole('dialog', { name: m('channelRouting.title', { name: 'Ventas' }) });
    await channelDialog.getByLabel(m('channelRouting.team')).selectOption({ label: 'Soporte' });
    await channelDialog.getByLabel(m('channelRouting.reply')).fill('¡Gracias por escribir! Te respondemos {{next_open}}.');
    await snap(ana, 'es-routing-channel-dialog');
    await channelDialog.getByRole('button', { name: m('common.save') }).click();
    await visible(ana.getByTestId('channel-routing').getByText(m('channelRouting.line', { team: 'Soporte' })));
    await snap(ana, 'es-routing-settings-channels');
    const channelRouting = await call<{ defaultTeamId: string; outOfHoursReply: string }>(ana, 'GET', `/channels/${connected.json.channel.id}/routing`);
    expect(channelRouting.json.outOfHoursReply).toBe('¡Gracias por escribir! Te respondemos {{next_open}}.');

    // The team's hours with a holiday, saved.
    await ana.goto(url('/settings/teams'));
    await ana.getByRole('group', { name: m('teams.actions', { name: 'Mayoristas' }) }).getByRole('button', { name: m('teamRouting.button') }).click();
    const hours = ana.getByRole('dialog', { name: m('teamRouting.title', { name: 'Mayoristas' }) });
    await hours.getByRole('radio', { name: m('hours.scheduled') }).check();
    await hours.getByRole('button', { name: m('schedule.addHoliday') }).click();
    await hours.getByLabel(m('schedule.offFrom')).fill('2026-12-25');
    await hours.getByLabel(m('schedule.holidayName')).fill('Navidad');
    await hours.getByRole('button', { name: m('schedule.addSpecialDay') }).click();
    await hours.getByLabel(m('schedule.specialDate'), { exact: true }).fill('2026-12-24');
    await snapShowing(ana, hours.getByLabel(m('schedule.holidayName')), 'es-routing-team-holidays');
    await hours.getByRole('radio', { name: new RegExp(`^${m('shiftEnd.reassign')}`) }).check();
    await hours.getByRole('button', { name: m('common.save') }).click();
    await visible(ana.getByText(m('common.saved')));
    const savedHours = await call<{ businessHours: Schedule; shiftEndPolicy: string }>(ana, 'GET', `/teams/${mayoristas.id}/routing`);
    expect(savedHours.json.businessHours.daysOff).toEqual([{ from: '2026-12-25', to: '2026-12-25', name: 'Navidad' }]);
    expect(savedHours.json.businessHours.weekly.mon).toEqual([['09:00', '18:00']]);
    expect(savedHours.json.shiftEndPolicy).toBe('reassign');
    expect(savedHours.json.businessHours.specialDays).toEqual([{ date: '2026-12-24', intervals: [['09:00', '13:00']] }]);
  });

});
