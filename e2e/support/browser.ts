import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { ensureWebBuilt, webDist } from '../../server/start-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const screenshotDir = path.join(root, 'test-output', 'screenshots');

function newestModification(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when missing, and also when web/src changed since the last build, so tests never run a stale app. */
export function ensureFreshWebBuild() {
  const index = path.join(webDist, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs < newestModification(path.join(root, 'web', 'src'))) rmSync(index);
  ensureWebBuilt();
}

export function temporaryDirectory(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A fresh browser profile per person, so cookies and local storage never leak between them. */
export async function launchBrowser(locale: string): Promise<{ context: BrowserContext; page: Page; profile: string }> {
  const profile = temporaryDirectory('bandeja-e2e-profile-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    locale,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, profile };
}

const sizes = [
  { name: '1280', width: 1280, height: 800 },
  { name: '390', width: 390, height: 844 },
] as const;

/**
 * Screenshots a page at desktop and phone width and fails if either scrolls sideways,
 * which is how text that does not fit (usually the longer Spanish strings) shows up.
 */
export async function snap(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${size.name}.png`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) throw new Error(`${name} overflows horizontally by ${overflow}px at ${size.width}px wide`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Calls the API from the page, with its session cookie and CSRF token, as the app does. */
export async function callApi<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = method === 'GET' || path === '/setup' ? null : await (await fetch('/api/v1/session')).json();
      const csrfToken: unknown = session?.csrfToken;
      const response = await fetch(`/api/v1${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(typeof csrfToken === 'string' ? { 'x-csrf-token': csrfToken } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

/**
 * The browsers one test opens, each with a fresh profile; `close()` saves where each one ended up
 * (`<language>-<label>-last-<n>.png`, useful when a test failed); `removeFolders()` cleans up.
 */
export function browserPool(language: 'es' | 'en', label: string) {
  const contexts: BrowserContext[] = [];
  const folders: string[] = [];
  return {
    async open(): Promise<Page> {
      const { context, page, profile } = await launchBrowser(language === 'es' ? 'es-ES' : 'en-US');
      contexts.push(context);
      folders.push(profile);
      return page;
    },
    /** Removes this folder too when the pool closes. */
    track(folder: string) {
      folders.push(folder);
      return folder;
    },
    async close() {
      for (const [index, context] of contexts.entries()) {
        await context
          .pages()[0]
          ?.screenshot({ path: `${screenshotDir}/${language}-${label}-last-${index}.png` })
          .catch(() => {});
      }
      for (const context of contexts) await context.close().catch(() => {});
    },
    /** After the server stopped: removes the profiles and the tracked folders. */
    removeFolders() {
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    },
  };
}
