import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../contracts/channels.js';
import { workspaces } from '../server/db/schema.js';
import { type MessageKey, translate } from '../web/src/i18n/translate.js';
import { browserPool, callApi as call, screenshotDir } from './support/browser.js';
import { serverWithSimulator } from './support/stack.js';

const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });
const gone = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'hidden', timeout });

const meta = {
  phoneNumberId: '106540352242988',
  wabaId: '102290129340388',
  displayPhoneNumber: '+54 11 5555-0088',
  verifiedName: 'Tienda Sur',
  accessToken: 'EAAGm0PX4ZCpsBAKZCXhkZA7qL9vYzfirstdaytoken',
  appSecret: 'c1b2c3d4e5f60718293a4b5c6d7e8f90',
};
const verifyToken = 'first-day-e2e-verify';

/** The laptops and the phone a new team uses on day one. */
const screens = [
  { name: '1440', width: 1440, height: 900 },
  { name: '1366', width: 1366, height: 768 },
  { name: '390', width: 390, height: 844 },
] as const;

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Screenshots at each size, failing if the page scrolls sideways there; ends at 1440×900. */
async function shoot(page: Page, name: string, sizes: readonly (typeof screens)[number][] = screens) {
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${size.name}.png`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) throw new Error(`${name} overflows horizontally by ${overflow}px at ${size.width}px`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** How wide the search box's placeholder is, against the room the box gives it. */
const placeholderRoom = (page: Page) =>
  page.getByRole('searchbox').evaluate((input: HTMLInputElement) => {
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
    return { text: input.placeholder, width: context.measureText(input.placeholder).width, room };
  });

/** How much the composer's placeholder needs, against what its visible lines give it (wrapped words aside: a margin of 10 %). */
const composerPlaceholderRoom = (page: Page, label: string) =>
  page.getByLabel(label).evaluate((area: HTMLTextAreaElement) => {
    const style = getComputedStyle(area);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const line = area.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
    const lines = Math.floor((area.clientHeight - Number.parseFloat(style.paddingTop) - Number.parseFloat(style.paddingBottom)) / Number.parseFloat(style.lineHeight));
    return { width: context.measureText(area.placeholder).width * 1.1, room: line * lines };
  });

/**
 * What a new admin and agent meet on the first day: the getting-started checklist, the details
 * panel on a laptop, the search box, toasts beside the composer, the hand-off dialog, and a
 * conversation waiting on a team with nobody in it. Once per UI language.
 */
describe.each(['es', 'en'] as const)('first day in %s', (language) => {
  const m = (key: MessageKey, vars: Record<string, string | number> = {}) => translate(language, key, vars);
  const browsers = browserPool(language, 'first-day');
  const stack = serverWithSimulator(browsers, { ...meta, verifyToken });
  const owner = language === 'es' ? 'Ana Pérez' : 'Alice Parker';
  const agent = language === 'es' ? 'Luis Gómez' : 'Liam Green';
  const people = { owner: undefined as unknown as Page, agent: undefined as unknown as Page };
  const row = (page: Page, name: string) => page.getByRole('region', { name: m('inbox.listLabel') }).getByRole('link').filter({ hasText: name });
  const checklist = (page: Page) => page.locator('[data-testid="setup-checklist"]:visible');
  const step = (page: Page, id: string) => checklist(page).locator(`li[data-step="${id}"]`);
  const stepDone = async (page: Page, id: string) => (await step(page, id).getAttribute('data-done')) === 'true';

  it('guides the admin through the first steps, ticked from what really happened; agents see none of it', async () => {
    const { server, sim } = stack;
    const page = (people.owner = await browsers.open());
    await page.goto(server.url);
    expect(
      (await call(page, 'POST', '/setup', { workspaceName: 'Tienda Sur', name: owner, email: `ana-${language}@example.com`, password: 'owner-password-1', language, timeZone: 'America/Argentina/Buenos_Aires' }))
        .status,
    ).toBe(201);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(stack.url('/inbox'));
    await visible(checklist(page).getByRole('heading', { name: m('checklist.title') }));
    // Without a simulator the last step is a real customer's first message.
    expect(await checklist(page).getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringContaining(m('checklist.connectNumber')),
      expect.stringContaining(m('checklist.inviteTeam')),
      expect.stringContaining(m('checklist.reviewRules')),
      expect.stringContaining(m('checklist.firstMessage')),
    ]);
    for (const id of ['connect_number', 'invite_team', 'review_rules', 'first_message']) expect(await stepDone(page, id)).toBe(false);
    expect(await step(page, 'connect_number').getByRole('link').getAttribute('href')).toBe('/settings/channels');
    expect(await step(page, 'invite_team').getByRole('link').getAttribute('href')).toBe('/settings/members');
    expect(await step(page, 'review_rules').getByRole('link').getAttribute('href')).toBe('/settings/routing');
    // The first screen still says what it is for.
    await visible(page.getByRole('heading', { name: m('inbox.emptyTitle') }));
    await shoot(page, `${language}-first-day-checklist`);

    // Connecting the number ticks the first step.
    const connected = await call<{ channel: Channel }>(page, 'POST', '/channels', {
      type: 'whatsapp', name: 'Ventas', phoneNumberId: meta.phoneNumberId, wabaId: meta.wabaId, accessToken: meta.accessToken, appSecret: meta.appSecret, verifyToken, apiBaseUrl: sim.url,
    });
    expect(connected.status).toBe(201);
    // Demo mode: the server runs the simulator this number talks to; its customer phone is the way to try it.
    server.ctx.demo = { simulatorUrl: sim.url, phoneNumberId: meta.phoneNumberId };
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.reload();
    await expect.poll(() => stepDone(page, 'connect_number')).toBe(true);
    const tryIt = step(page, 'first_message').getByRole('link', { name: new RegExp(m('checklist.trySimulator')) });
    await visible(tryIt);
    expect(await tryIt.getAttribute('href')).toBe(sim.url);
    expect(await tryIt.getAttribute('target')).toBe('_blank');
    expect((await fetch(sim.url)).headers.get('content-type')).toContain('text/html');

    // An agent joins (the invitation alone already counts): the agent's inbox has no checklist.
    const invited = await call<{ link: string }>(page, 'POST', '/invitations', { email: `luis-${language}@example.com`, role: 'agent' });
    expect(invited.status).toBe(201);
    const luis = (people.agent = await browsers.open());
    await luis.goto(server.url);
    const token = new URL(invited.json.link).pathname.split('/').pop();
    expect((await call(luis, 'POST', `/invitation-links/${token}/accept`, { name: agent, password: 'agent-password-1', language })).status).toBe(201);
    await luis.setViewportSize({ width: 1440, height: 900 });
    await luis.goto(stack.url('/inbox'));
    await visible(luis.getByRole('heading', { name: m('inbox.noConversationsTitle') }));
    expect(await luis.getByTestId('setup-checklist').count()).toBe(0);
    expect((await call(luis, 'GET', '/setup-checklist')).status).toBe(403);

    // Following the rules link and coming back ticks "review the rules".
    await page.reload();
    await expect.poll(() => stepDone(page, 'invite_team')).toBe(true);
    await step(page, 'review_rules').getByRole('link').click();
    await visible(page.getByRole('heading', { name: m('routing.title'), level: 1 }));
    await page.goBack();
    await expect.poll(() => stepDone(page, 'review_rules')).toBe(true);
    await shoot(page, `${language}-first-day-checklist-three-done`);

    // Hidden, it stays hidden after a reload (for the workspace, on the server).
    await checklist(page).getByRole('button', { name: m('checklist.dismiss') }).click();
    await gone(checklist(page));
    await page.reload();
    await visible(page.getByRole('heading', { name: m('inbox.noConversationsTitle') }));
    expect(await checklist(page).count()).toBe(0);
    // (Shown again for the rest of the walk.)
    await server.ctx.db.update(workspaces).set({ setupChecklistDismissedAt: null }).where(eq(workspaces.name, 'Tienda Sur'));
    await page.reload();
    await visible(checklist(page));

    // The phone's first screen is the list: the checklist sits on top of it.
    await page.setViewportSize({ width: 390, height: 844 });
    await visible(checklist(page).getByRole('heading', { name: m('checklist.title') }));
    await page.setViewportSize({ width: 1440, height: 900 });

    // The first customer message (as if typed on the simulator's phone) ticks the last step, and the checklist goes away.
    const carla = sim.customer(meta.phoneNumberId, { waId: '5491150000201', name: 'Carla Gómez' });
    await carla.sendText(language === 'es' ? 'Hola, ¿tienen el modelo azul?' : 'Hi, do you have the blue one?');
    await sim.waitForIdle();
    await visible(row(page, 'Carla Gómez'));
    await gone(checklist(page));
    await page.reload();
    await visible(row(page, 'Carla Gómez'));
    expect(await checklist(page).count()).toBe(0);
    server.ctx.demo = undefined;
  });

  it('shows the details beside the conversation on laptops, with a labelled toggle remembered per person', async () => {
    const page = people.owner;
    for (const size of screens.slice(0, 2)) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(stack.url('/inbox'));
      await row(page, 'Carla Gómez').click();
      await visible(page.getByRole('heading', { name: 'Carla Gómez', level: 2 }));
      // The tags field is on screen without pressing anything.
      const panel = page.getByTestId('side-panel');
      await visible(panel.getByLabel(m('details.addTag')));
      const box = await panel.getByLabel(m('details.addTag')).boundingBox();
      expect(box && box.x + box.width <= size.width && box.y + box.height <= size.height).toBe(true);
    }
    await shoot(page, `${language}-first-day-details`, screens.slice(0, 2));

    // The toggle says what it does, in words and to assistive technology.
    await page.setViewportSize({ width: 1366, height: 768 });
    const toggle = page.getByRole('button', { name: m('details.toggle'), exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    await gone(page.getByTestId('side-panel'));
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    // Remembered for Ana after a reload…
    await page.reload();
    await visible(page.getByRole('heading', { name: 'Carla Gómez', level: 2 }));
    expect(await page.getByTestId('side-panel').count()).toBe(0);
    // …and not for Luis.
    const luis = people.agent;
    await luis.setViewportSize({ width: 1366, height: 768 });
    await luis.goto(stack.url('/inbox'));
    await row(luis, 'Carla Gómez').click();
    await visible(luis.getByTestId('side-panel').getByLabel(m('details.addTag')));
    await toggle.click();
    await visible(page.getByTestId('side-panel'));

    // Narrower than 1280 px it opens over the conversation when asked for.
    await page.setViewportSize({ width: 1100, height: 800 });
    await gone(page.getByTestId('side-panel'));
    await toggle.click();
    await visible(page.getByTestId('side-panel').getByLabel(m('details.addTag')));
    await page.getByTestId('side-panel').getByRole('button', { name: m('details.hide') }).click();
    await gone(page.getByTestId('side-panel'));

    // Phone: the conversation is its own screen; the details open over it and close again.
    await page.setViewportSize({ width: 390, height: 844 });
    await visible(toggle);
    await toggle.click();
    await visible(page.getByTestId('side-panel').getByLabel(m('details.addTag')));
    await page.screenshot({ path: path.join(screenshotDir, `${language}-first-day-details-phone-390.png`) });
    await page.getByTestId('side-panel').getByRole('button', { name: m('details.hide') }).click();
    await gone(page.getByTestId('side-panel'));
    await visible(page.getByLabel(m('inbox.composer.label')));
  });

  it('fits the search placeholder and keeps toasts off the composer', async () => {
    const page = people.owner;
    await page.goto(stack.url('/inbox'));
    for (const size of screens) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await visible(page.getByRole('searchbox'));
      const fit = await placeholderRoom(page);
      expect(fit.text).toBe(m('inbox.searchPlaceholder'));
      expect(fit.width, `placeholder at ${size.width}px`).toBeLessThanOrEqual(fit.room);
    }
    await shoot(page, `${language}-first-day-search`);

    await row(page, 'Carla Gómez').click();
    await visible(page.getByRole('heading', { name: 'Carla Gómez', level: 2 }));
    for (const size of screens) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await visible(page.getByLabel(m('inbox.composer.label')));
      const hint = await composerPlaceholderRoom(page, m('inbox.composer.label'));
      expect(hint.width, `composer placeholder at ${size.width}px`).toBeLessThanOrEqual(hint.room);
      // Snooze (a toast), then reopen (another): neither may cover the composer or its send button.
      await page.getByRole('button', { name: m('snooze.button') }).click();
      await page.getByRole('menuitem', { name: m('snooze.inAnHour') }).click();
      const snoozed = page.getByRole('status').filter({ hasText: m('snooze.done', { time: '' }).trim() });
      await visible(snoozed);
      await page.getByRole('button', { name: m('status.reopen') }).click();
      await visible(page.getByRole('status').filter({ hasText: m('status.reopened') }));
      const composer = (await page.getByTestId('composer').boundingBox())!;
      const send = (await page.getByRole('button', { name: m('inbox.composer.send') }).boundingBox())!;
      // Nor any button a person reaches for next (snooze, resolve, the details' own).
      const buttons = await page.locator('button:visible').evaluateAll((elements) =>
        elements.filter((element) => !element.closest('[data-testid="toasts"]')).map((element) => ({ name: element.textContent?.trim() || element.getAttribute('aria-label') || '', box: element.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number } })),
      );
      for (const toast of await page.getByTestId('toasts').getByRole('status').all()) {
        const box = (await toast.boundingBox())!;
        expect(intersects(box, composer), `toast over the composer at ${size.width}px`).toBe(false);
        expect(intersects(box, send), `toast over the send button at ${size.width}px`).toBe(false);
        expect(buttons.filter((button) => intersects(box, button.box)).map((button) => button.name), `toast over buttons at ${size.width}px`).toEqual([]);
        expect(box.x >= 0 && box.x + box.width <= size.width && box.y >= 0).toBe(true);
      }
      await page.screenshot({ path: path.join(screenshotDir, `${language}-first-day-toast-${size.name}.png`) });
      // Let them go before the next size.
      await gone(page.getByTestId('toasts').getByRole('status'), 8000);
    }
  });

  it('hands off keeping the person when asked to, and shows the note once in the timeline', async () => {
    const page = people.owner;
    await page.setViewportSize({ width: 1440, height: 900 });
    const members = await call<{ members: { id: string; name: string }[] }>(page, 'GET', '/members');
    const luisId = members.json.members.find((member) => member.name === agent)!.id;
    const team = language === 'es' ? 'Postventa' : 'Aftersales';
    expect((await call(page, 'POST', '/teams', { name: team, memberIds: [luisId] })).status).toBe(201);
    await page.goto(stack.url('/inbox'));
    await row(page, 'Carla Gómez').click();
    // Routing may have given Carla to either of them: Ana owns it for this part.
    const conversationId = new URL(page.url()).pathname.split('/').pop();
    const anaId = members.json.members.find((member) => member.name === owner)!.id;
    expect((await call(page, 'POST', `/conversations/${conversationId}/assign`, { assigneeId: anaId })).status).toBe(200);
    await visible(page.getByText(m('inbox.assignedToYou')));

    // "Person: unchanged" (it names who that is) with a team: Ana keeps it, and no note is demanded.
    await page.getByRole('button', { name: m('handoff.button'), exact: true }).click();
    const dialog = page.getByRole('dialog', { name: m('handoff.title') });
    await visible(dialog);
    const person = dialog.getByLabel(m('handoff.member'));
    expect(await person.locator('option:checked').innerText()).toBe(m('handoff.keepMemberNamed', { name: m('handoff.me', { name: owner }) }));
    await dialog.getByLabel(m('handoff.team')).selectOption({ label: team });
    await page.screenshot({ path: path.join(screenshotDir, `${language}-first-day-handoff-dialog-1440.png`) });
    await dialog.getByRole('button', { name: m('handoff.submit') }).click();
    await gone(dialog);
    await visible(page.getByText(m('inbox.assignedToYou')));
    const timeline = page.getByRole('list', { name: m('inbox.timelineLabel') });
    await visible(timeline.getByText(m('activity.movedTeamKept', { actor: owner, team, to: owner })));
    expect((await call<{ assigneeMemberId: string | null }>(page, 'GET', `/conversations/${conversationId}`)).json.assigneeMemberId).toBe(anaId);

    // A real hand-off with a note: pinned on top, and one entry in the timeline saying who handed it to whom.
    const note = language === 'es' ? 'Quiere el modelo azul en talle M; ya le pasé el precio' : 'Wants the blue one in M; price already sent';
    await page.getByRole('button', { name: m('handoff.button'), exact: true }).click();
    await visible(dialog);
    await dialog.getByLabel(m('handoff.member')).selectOption({ label: agent });
    await dialog.getByLabel(m('handoff.noteRequiredLabel')).fill(note);
    await dialog.getByRole('button', { name: m('handoff.submit') }).click();
    await gone(dialog);
    await visible(page.getByTestId('pinned-note').getByText(note));
    const handedOff = m('activity.handedOff', { actor: owner, to: agent });
    await visible(timeline.getByText(handedOff));
    expect(await timeline.getByRole('listitem').filter({ hasText: note }).count()).toBe(1);
    expect(await timeline.getByText(handedOff).count()).toBe(1);
    const entry = timeline.locator('li[data-note="true"]').filter({ hasText: note });
    await visible(entry.getByText(m('note.handoff')));
    await visible(entry.getByText(handedOff));
    await shoot(page, `${language}-first-day-handoff`);
  });

  it('says what to do when a conversation waits on a team with nobody in it, and who is unavailable otherwise', async () => {
    const { sim } = stack;
    const page = people.owner;
    const luis = people.agent;
    // Nobody is available, so nothing is assigned to whoever happens to be online.
    for (const person of [page, luis]) expect((await call(person, 'PUT', '/me/status', { status: 'offline' })).status).toBe(200);
    await page.setViewportSize({ width: 1440, height: 900 });
    const empty = language === 'es' ? 'Mayoristas' : 'Wholesale';
    const created = await call<{ id: string }>(page, 'POST', '/teams', { name: empty, memberIds: [] });
    expect(created.status).toBe(201);
    const bruno = sim.customer(meta.phoneNumberId, { waId: '5491150000202', name: 'Bruno Díaz' });
    await bruno.sendText(language === 'es' ? 'Quiero comprar por mayor' : 'I want to buy wholesale');
    await sim.waitForIdle();
    await page.goto(stack.url('/inbox?view=all'));
    await row(page, 'Bruno Díaz').click();
    await visible(page.getByRole('heading', { name: 'Bruno Díaz', level: 2 }));
    const conversationId = new URL(page.url()).pathname.split('/').pop();
    expect((await call(page, 'POST', `/conversations/${conversationId}/assign`, { teamId: created.json.id, assigneeId: null })).status).toBe(200);

    // The admin is told the team is empty and where to add people.
    const notice = page.getByTestId('queue-notice');
    await visible(notice.getByText(`${m('queue.teamEmpty', { team: empty })}:`));
    const link = notice.getByRole('link', { name: m('queue.teamsSettings') });
    expect(await link.getAttribute('href')).toBe('/settings/teams');
    await shoot(page, `${language}-first-day-team-empty`);

    // The agent is told to ask an admin, with no link to a page they cannot use.
    await luis.setViewportSize({ width: 1440, height: 900 });
    await luis.goto(stack.url(`/inbox/${conversationId}`));
    const agentNotice = luis.getByTestId('queue-notice');
    await visible(agentNotice.getByText(m('queue.askAdmin')));
    expect(await agentNotice.getByRole('link').count()).toBe(0);
    await luis.screenshot({ path: path.join(screenshotDir, `${language}-first-day-team-empty-agent-1440.png`) });

    // A team with someone in it who is offline: routing queues the next customer and says who was passed over and why.
    const members = await call<{ members: { id: string; name: string }[] }>(page, 'GET', '/members');
    const luisId = members.json.members.find((member) => member.name === agent)!.id;
    expect((await call(page, 'PATCH', `/teams/${created.json.id}`, { memberIds: [luisId] })).status).toBe(200);
    // One member is "1 integrante" / "1 member" (the language's plural rules), and the activity log
    // tells the change and everything before it in words: no raw event type.
    await page.goto(stack.url('/settings/teams'));
    const teamRow = page.getByRole('listitem').filter({ hasText: empty });
    await visible(teamRow.getByText(language === 'es' ? '1 integrante' : '1 member', { exact: true }));
    await page.goto(stack.url('/settings/audit'));
    await visible(page.getByText(m('audit.team.updated', { actor: owner, thing: m('activity.quoted', { name: empty }) })));
    const sentences = await page.locator('ol li p').allTextContents();
    expect(sentences.length).toBeGreaterThan(5);
    expect(sentences.filter((sentence) => /^[a-z_]+\.[a-z_.]+$/.test(sentence.trim()))).toEqual([]);
    await shoot(page, `${language}-first-day-activity-log`);
    await page.goto(stack.url('/inbox?view=all'));
    // Words no default rule knows, so this rule is the one that picks the team.
    const word = language === 'es' ? 'mayoristas' : 'wholesale';
    expect((await call(page, 'POST', '/routing/rules', { name: empty, conditions: [{ kind: 'text', values: [word] }], actions: { teamId: created.json.id } })).status).toBe(201);
    const dora = sim.customer(meta.phoneNumberId, { waId: '5491150000203', name: 'Dora Luna' });
    await dora.sendText(language === 'es' ? 'Hola, somos mayoristas de ropa' : 'Hello, we are a wholesale shop');
    await sim.waitForIdle();
    await row(page, 'Dora Luna').click();
    await visible(page.getByRole('heading', { name: 'Dora Luna', level: 2 }));
    await visible(notice.getByText(m('queue.nobodyAvailable', { team: empty })));
    await visible(notice.getByText(m('queue.skippedMember', { name: agent, reason: m('activity.skip.offline') }), { exact: false }));
    expect(await notice.getByText(m('queue.teamEmpty', { team: empty }), { exact: false }).count()).toBe(0);
    await shoot(page, `${language}-first-day-nobody-available`);
  });
});
