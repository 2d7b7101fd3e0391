import { rmSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { type RunningServer, startServer } from '../server/start-server.js';
import { type MessageKey, translate } from '../web/src/i18n/translate.js';
import { ensureFreshWebBuild, launchBrowser, screenshotDir, snap, temporaryDirectory } from './support/browser.js';

// playwright-core has no assertion library: these wait like Playwright's expect, then fail loudly.
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 10_000 });
const absent = (locator: Locator) => locator.first().waitFor({ state: 'detached', timeout: 10_000 });

const people = {
  es: { workspace: 'Tienda Sol', owner: 'Ana Pérez', agent: 'Bruno Díaz' },
  en: { workspace: 'Sunshine Store', owner: 'Alice Parker', agent: 'Ben Carter' },
} as const;
const ownerPassword = 'owner-password-1';
const agentPassword = 'agent-password-1';

/**
 * What a new team does on day one, in the browser, against a real server: set Bandeja up, sign
 * out and back in, invite an agent, and the agent joins from the link. Once per UI language.
 */
describe.each(['es', 'en'] as const)('onboarding in %s', (language) => {
  const m = (key: MessageKey, vars: Record<string, string | number> = {}) => translate(language, key, vars);
  const names = people[language];
  const ownerEmail = `owner-${language}@example.com`;
  const agentEmail = `agent-${language}@example.com`;
  const cleanup: string[] = [];
  const contexts: BrowserContext[] = [];
  let server: RunningServer;

  beforeAll(async () => {
    ensureFreshWebBuild();
    const dataDir = temporaryDirectory('bandeja-e2e-data-');
    cleanup.push(dataDir);
    server = await startServer(loadConfig({ DATA_DIR: dataDir, PORT: '0', SECRET_KEY: 'x'.repeat(40), LOG_LEVEL: 'warn' }));
  });

  afterAll(async () => {
    // Whatever state the browsers were left in is the best clue when the flow failed.
    for (const [index, context] of contexts.entries()) {
      await context
        .pages()[0]
        ?.screenshot({ path: `${screenshotDir}/${language}-last-${index}.png` })
        .catch(() => {});
    }
    for (const context of contexts) await context.close().catch(() => {});
    await server?.stop();
    for (const folder of cleanup) rmSync(folder, { recursive: true, force: true });
  });

  async function browser(locale: string): Promise<Page> {
    const { context, page, profile } = await launchBrowser(locale);
    contexts.push(context);
    cleanup.push(profile);
    return page;
  }

  async function signOut(page: Page, name: string) {
    await page.getByRole('button', { name: m('userMenu.label', { name }) }).click();
    await page.getByRole('menuitem', { name: m('userMenu.signOut'), exact: true }).click();
    await visible(page.getByRole('heading', { name: m('login.title') }));
  }

  async function signIn(page: Page, email: string, password: string) {
    await page.getByLabel(m('login.email')).fill(email);
    await page.getByLabel(m('login.password')).fill(password);
    await page.getByRole('button', { name: m('login.submit') }).click();
    await visible(page.getByRole('heading', { name: m('nav.inbox'), level: 1 }));
  }

  it('sets up the workspace, invites an agent who joins from the link', async () => {
    // The owner's browser speaks the other language: choosing in the wizard must switch the UI.
    const owner = await browser(language === 'es' ? 'en-US' : 'es-ES');
    await owner.goto(server.url);
    await owner.getByRole('radio', { name: new RegExp(m(`language.${language}`)) }).click();
    await visible(owner.getByRole('heading', { name: m('setup.welcome') }));
    expect(await owner.getAttribute('html', 'lang')).toBe(language);
    await snap(owner, `${language}-setup`);

    await owner.getByRole('button', { name: m('common.next') }).click();
    await owner.getByLabel(m('setup.workspace.label')).fill(names.workspace);
    await owner.getByRole('button', { name: m('common.next') }).click();
    await visible(owner.getByRole('heading', { name: m('setup.owner.title') }));
    await owner.getByLabel(m('setup.owner.name')).fill(names.owner);
    await owner.getByLabel(m('setup.owner.email')).fill(ownerEmail);
    await owner.getByLabel(m('setup.owner.password'), { exact: true }).fill(ownerPassword);
    await owner.getByLabel(m('setup.owner.confirm')).fill(ownerPassword);
    await snap(owner, `${language}-setup-owner`);
    await owner.getByRole('button', { name: m('setup.submit') }).click();
    await owner.getByRole('button', { name: m('setup.done.enter') }).click();
    await visible(owner.getByRole('heading', { name: m('inbox.emptyTitle') }));
    await snap(owner, `${language}-inbox`);

    // Sign out, fail once with a wrong password, then sign in for real.
    await signOut(owner, names.owner);
    await snap(owner, `${language}-login`);
    await owner.getByLabel(m('login.email')).fill(ownerEmail);
    await owner.getByLabel(m('login.password')).fill('not-the-password');
    await owner.getByRole('button', { name: m('login.submit') }).click();
    await visible(owner.getByRole('alert').filter({ hasText: m('error.invalid_credentials') }));
    await signIn(owner, ownerEmail, ownerPassword);

    await owner.getByRole('link', { name: m('nav.settings') }).click();
    await owner.getByRole('link', { name: m('settings.members') }).click();
    await visible(owner.getByRole('heading', { name: m('members.title') }));
    await owner.getByRole('button', { name: m('members.invite'), exact: true }).click();
    await owner.getByLabel(m('inviteDialog.email')).fill(agentEmail);
    await owner.getByRole('radio', { name: new RegExp(m('role.agent')) }).check();
    // The person joins teams, so routing reaches them from their first day: every team but the supervisors' by default.
    const [sales, support, supervisors] = language === 'es' ? ['Ventas', 'Soporte', 'Supervisores'] : ['Sales', 'Support', 'Supervisors'];
    expect(await owner.getByRole('checkbox', { name: sales, exact: true }).isChecked()).toBe(true);
    expect(await owner.getByRole('checkbox', { name: support, exact: true }).isChecked()).toBe(true);
    expect(await owner.getByRole('checkbox', { name: supervisors, exact: true }).isChecked()).toBe(false);
    await owner.getByRole('checkbox', { name: support, exact: true }).uncheck();
    await snap(owner, `${language}-invite-dialog`);
    await owner.getByRole('button', { name: m('inviteDialog.submit') }).click();
    const linkField = owner.getByLabel(m('inviteDialog.link'));
    await visible(linkField);
    const link = await linkField.inputValue();
    expect(link).toMatch(/\/invite\/[\w-]+$/);
    await snap(owner, `${language}-invite-link`);
    await owner.getByRole('button', { name: m('common.done') }).click();
    await visible(owner.getByText(agentEmail));
    await snap(owner, `${language}-members`);

    // The agent opens the link in their own browser, which speaks the run's language.
    const agent = await browser(language === 'es' ? 'es-ES' : 'en-US');
    await agent.goto(link);
    await visible(agent.getByRole('heading', { name: m('invite.title', { workspace: names.workspace }) }));
    await visible(agent.getByText(m('invite.teams', { teams: sales })));
    await snap(agent, `${language}-invite-accept`);
    await agent.getByLabel(m('invite.name')).fill(names.agent);
    await agent.getByLabel(m('invite.password')).fill(agentPassword);
    await agent.getByLabel(m('setup.owner.confirm')).fill(agentPassword);
    await agent.getByRole('button', { name: m('invite.submit') }).click();
    await visible(agent.getByRole('heading', { name: m('inbox.emptyTitle') }));
    expect(await agent.getAttribute('html', 'lang')).toBe(language);

    // Agents see Members read-only and have no API tokens or activity log.
    await agent.getByRole('link', { name: m('nav.settings') }).click();
    await visible(agent.getByRole('heading', { name: m('profile.title'), level: 1 }));
    const settingsNav = agent.getByRole('navigation', { name: m('settings.title') });
    await visible(settingsNav.getByRole('link', { name: m('settings.members') }));
    await absent(settingsNav.getByRole('link', { name: m('settings.apiTokens') }));
    await absent(settingsNav.getByRole('link', { name: m('settings.audit') }));
    await settingsNav.getByRole('link', { name: m('settings.members') }).click();
    await visible(agent.getByText(m('members.readOnly')));
    await absent(agent.getByRole('button', { name: m('members.invite'), exact: true }));
    await agent.goto(new URL('/settings/api-tokens', server.url).toString());
    await visible(agent.getByRole('heading', { name: m('profile.title'), level: 1 }));
    await snap(agent, `${language}-agent-profile`);

    await signOut(agent, names.agent);
    await signIn(agent, agentEmail, agentPassword);

    // Back in the owner's browser the agent is now a member and the invitation is gone.
    await owner.reload();
    await visible(owner.getByRole('cell', { name: new RegExp(names.agent) }));
    await absent(owner.getByText(m('invitations.title')));
  });
});
