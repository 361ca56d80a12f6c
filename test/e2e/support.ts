/**
 * Shared helpers of the browser tests: one seeded database, one server (API and built web app on
 * one port) and one headless Chromium per test file; the personas' accounts; signing in through
 * the real sign-in page; screenshots and axe-core accessibility checks.
 *
 * The web app must have been built first (`node scripts/web-build.ts`, done by `npm test`).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import type { Result as AxeResult } from 'axe-core';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { createUserDirectly, type Role, type User } from '../../src/modules/identity/index.ts';
import { WEB_DIST_DIR } from '../../src/platform/static.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

export const CALL = 'DPID-2023-P2';
export const CALL_TITLE = "Appels à projets des politiques d'inclusion durable 2023 - Phase 2";

/** Where the tests write what a person may want to look at: artifacts/ is git-ignored. */
const ARTIFACTS = new URL('../../artifacts/', import.meta.url).pathname;
export const SCREENSHOTS_DIR = `${ARTIFACTS}screenshots/`;
export const AXE_DIR = `${ARTIFACTS}axe/`;
const AXE_SCRIPT = new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).pathname;

/** Timeouts: generous enough for a loaded CI machine, short enough to fail fast. */
export const TIMEOUT = 10_000;

export interface Persona {
  login: string;
  password: string;
  displayName: string;
  role: Role;
  territories: string[];
}

/** The agents the tests act as; every test file creates all their accounts. */
export const PERSONAS = {
  artois: {
    login: 'claire.artois',
    password: 'mot-de-passe-artois-2023',
    displayName: 'Mme Claire Artois',
    role: 'instructeur',
    territories: ['artois'],
  },
  boulonnais: {
    login: 'bruno.boulonnais',
    password: 'mot-de-passe-boulonnais-2023',
    displayName: 'M. Bruno Boulonnais',
    role: 'instructeur',
    territories: ['boulonnais'],
  },
  budget: {
    login: 'berenice.budget',
    password: 'mot-de-passe-budget-2023',
    displayName: 'Mme Bérénice Budget',
    role: 'budget',
    territories: [],
  },
  administrateur: {
    login: 'alain.admin',
    password: 'mot-de-passe-admin-2023',
    displayName: 'M. Alain Administrateur',
    role: 'administrateur',
    territories: [],
  },
  direction: {
    login: 'denise.direction',
    password: 'mot-de-passe-direction-2023',
    displayName: 'Mme Denise Direction',
    role: 'direction',
    territories: [],
  },
  lecture: {
    login: 'lucien.lecture',
    password: 'mot-de-passe-lecture-2023',
    displayName: 'M. Lucien Lecture',
    role: 'lecture',
    territories: [],
  },
} as const satisfies Record<string, Persona>;

/** Debian's Chromium (installed by .ci/run); INCLUSIO_CHROMIUM names another build. */
const CHROMIUM = process.env.INCLUSIO_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface E2E {
  database: TestDatabase;
  app: FastifyInstance;
  browser: Browser;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  url(path: string): string;
  /** A new browser context (its own cookies) and a page in it, closed in after() if still open. */
  newPage(options?: { bypassCSP?: boolean }): Promise<Page>;
  /** The id of an application of the dataset, by its reference (DPID-2023-P2-T1-O4-01). */
  applicationId(reference: string): Promise<number>;
  /** The id of a structure of the dataset, by its key (ccas-wimereux). */
  structureId(datasetKey: string): Promise<number>;
  /** The personas' accounts, as created in before(). */
  users: Map<keyof typeof PERSONAS, User>;
}

export interface E2EOptions {
  /**
   * Data the file's tests need, written once the dataset is loaded and the accounts exist (in
   * the same before() hook: node:test runs a file's top-level before() hooks concurrently).
   */
  prepare?: (env: E2E) => Promise<void>;
}

/**
 * Registers the file's before() and after() hooks and returns the environment they fill. Every
 * resource is tracked as soon as it exists, so that after() closes what a failing before() opened.
 */
export function setUpE2E(options: E2EOptions = {}): E2E {
  let database: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  let baseUrl = '';
  const contexts = new Set<BrowserContext>();
  const users = new Map<keyof typeof PERSONAS, User>();

  const env: E2E = {
    get database() {
      assert.ok(database, 'database not opened');
      return database;
    },
    get app() {
      assert.ok(app, 'server not started');
      return app;
    },
    get browser() {
      assert.ok(browser, 'browser not launched');
      return browser;
    },
    get baseUrl() {
      return baseUrl;
    },
    url: (path) => `${baseUrl}${path}`,
    newPage: async (options = {}) => {
      assert.ok(browser, 'browser not launched');
      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        // Only the accessibility checks need it: axe is injected as an inline script, which the
        // app's Content-Security-Policy (script-src 'self') forbids, rightly.
        bypassCSP: options.bypassCSP ?? false,
      });
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      context.setDefaultTimeout(TIMEOUT);
      context.setDefaultNavigationTimeout(TIMEOUT);
      const page = await context.newPage();
      trackPageErrors(page);
      return page;
    },
    applicationId: async (reference) => {
      assert.ok(database, 'database not opened');
      const rows = await database.db.query<{ id: number }>(
        'select id from applications where reference = $1',
        [reference],
      );
      assert.equal(rows.length, 1, `application ${reference}`);
      return Number(rows[0]?.id);
    },
    structureId: async (datasetKey) => {
      assert.ok(database, 'database not opened');
      const rows = await database.db.query<{ id: number }>(
        'select id from structures where dataset_key = $1',
        [datasetKey],
      );
      assert.equal(rows.length, 1, `structure ${datasetKey}`);
      return Number(rows[0]?.id);
    },
    users,
  };

  before(async () => {
    assert.ok(
      existsSync(`${WEB_DIST_DIR}index.html`),
      'web/dist is missing: build the web app first (npx node scripts/web-build.ts)',
    );
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
    database = await openTestDatabase({ seed: true });
    for (const [key, persona] of Object.entries(PERSONAS)) {
      const user = await createUserDirectly(database.db, {
        ...persona,
        territories: [...persona.territories],
      });
      users.set(key as keyof typeof PERSONAS, user);
    }
    app = await buildApp(database.db, { webApp: true });
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    if (options.prepare) await options.prepare(env);
  });

  after(async () => {
    const failures: unknown[] = [];
    const attempt = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        failures.push(error);
      }
    };
    for (const context of [...contexts]) await attempt(() => context.close());
    if (browser) await attempt(() => (browser as Browser).close());
    if (app) await attempt(() => (app as FastifyInstance).close());
    if (database) await attempt(() => (database as TestDatabase).close());
    if (failures.length > 0) throw failures[0];
  });

  return env;
}

// ---------------------------------------------------------------------------------------------
// Uncaught errors in the page

const pageErrors = new WeakMap<Page, string[]>();

function trackPageErrors(page: Page): void {
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
}

/** No uncaught exception in the page since it opened. */
export function assertNoPageErrors(page: Page): void {
  assert.deepEqual(pageErrors.get(page) ?? [], [], 'uncaught errors in the page');
}

// ---------------------------------------------------------------------------------------------
// Texts

/** The text as a person reads it: no-break spaces as spaces, runs of white space as one. */
export function normalise(text: string): string {
  return text
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The element's text content, normalised (as hasText filters read it: before any CSS text-transform). */
export async function textOf(locator: Locator): Promise<string> {
  return normalise((await locator.textContent()) ?? '');
}

/** Waits until the locator's (first) element shows the text; fails with what it shows instead. */
export async function waitForText(
  locator: Locator,
  expected: string | RegExp,
  timeout = TIMEOUT,
): Promise<void> {
  try {
    await locator.filter({ hasText: expected }).first().waitFor({ state: 'visible', timeout });
  } catch {
    const shown = (await locator.count()) > 0 ? await textOf(locator.first()) : '(absent)';
    assert.fail(`attendu ${String(expected)}, affiché : ${shown.slice(0, 1500)}`);
  }
}

/**
 * A text with French amounts as the app writes them, as a regular expression: any space may be a
 * no-break space, and a minus sign before a digit may be "-" or "−".
 */
export function frenchText(text: string): RegExp {
  const pattern = text
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/ /g, '[\\s\\u00a0\\u202f]')
    .replace(/[-−](?=\d)/g, '[-−]');
  return new RegExp(pattern);
}

// ---------------------------------------------------------------------------------------------
// Signing in and pages

/** Signs in through the sign-in page, then waits for the dashboard (or the page it came from). */
export async function signIn(page: Page, login: string, password: string, baseUrl?: string): Promise<void> {
  if (baseUrl) await page.goto(`${baseUrl}/connexion`);
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
}

/** A new page signed in as the persona, on the dashboard. */
export async function signedInPage(e2e: E2E, persona: Persona, options?: { bypassCSP?: boolean }) {
  const page = await e2e.newPage(options);
  await signIn(page, persona.login, persona.password, e2e.baseUrl);
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  return page;
}

/** Waits for the page's heading (h1) and for all its loading messages to be gone. */
export async function waitForPage(page: Page, heading: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  const loading = page.locator('.loading');
  while ((await loading.count()) > 0) await loading.first().waitFor({ state: 'detached' });
}

// ---------------------------------------------------------------------------------------------
// Screenshots and accessibility

/**
 * Saves artifacts/screenshots/<name>.png: the whole page, or only the viewport (a modal dialog's
 * backdrop covers the viewport only, so a full-page capture would misrepresent it).
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const path = `${SCREENSHOTS_DIR}${name}.png`;
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: 'disabled' });
  return path;
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AccessibilityReport {
  page: string;
  url: string;
  /** Every violation, whatever its impact. */
  all: AxeResult[];
  /** The serious and critical ones: the tests allow none. */
  blocking: AxeResult[];
  /** The rules that passed, and those axe could not decide (to review by hand), with their node counts. */
  passes: string[];
  incomplete: string[];
}

const reports: AccessibilityReport[] = [];
/** What checkAccessibility found in this test file, for a summary. */
export const accessibilityReports: readonly AccessibilityReport[] = reports;

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA) on the page and returns its serious and critical
 * violations. The page's context must bypass the CSP (newPage({ bypassCSP: true })).
 */
export async function checkAccessibility(page: Page, pageName: string): Promise<AxeResult[]> {
  // These functions run in the page (the DOM types are not those of this Node.js project).
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.addScriptTag({ path: AXE_SCRIPT });
  const { violations, passes, incomplete } = await page.evaluate(async (tags) => {
    const { axe, document } = globalThis as unknown as {
      axe: typeof import('axe-core');
      document: import('axe-core').ElementContext;
    };
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return {
      // Only what serialises: the elements stay in the page.
      violations: results.violations.map((violation) => ({
        ...violation,
        nodes: violation.nodes.map(({ element: _element, ...node }) => node),
      })),
      passes: results.passes.map((rule) => rule.id),
      incomplete: results.incomplete.map((rule) => `${rule.id} (${rule.nodes.length})`),
    };
  }, WCAG_TAGS);
  const blocking = violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  const report = { page: pageName, url: page.url(), all: violations, blocking, passes, incomplete };
  reports.push(report);
  await mkdir(AXE_DIR, { recursive: true });
  await writeFile(`${AXE_DIR}${pageName}.json`, `${JSON.stringify(report, null, 2)}\n`);
  return blocking;
}

/** The violations written for a person: rule, impact, help and the elements concerned. */
export function describeViolations(pageName: string, violations: readonly AxeResult[]): string {
  const lines = [`${violations.length} violation(s) axe sérieuse(s) ou critique(s) sur « ${pageName} » :`];
  for (const violation of violations) {
    lines.push(`- ${violation.id} (${violation.impact}) : ${violation.help} — ${violation.helpUrl}`);
    for (const node of violation.nodes) {
      lines.push(`    ${JSON.stringify(node.target)} ${node.html.slice(0, 200)}`);
      if (node.failureSummary) lines.push(`      ${node.failureSummary.replace(/\n/g, '\n      ')}`);
    }
  }
  return lines.join('\n');
}

/** No serious or critical violation on the page. */
export async function assertAccessible(page: Page, pageName: string): Promise<void> {
  const blocking = await checkAccessibility(page, pageName);
  assert.equal(blocking.length, 0, describeViolations(pageName, blocking));
}

/**
 * Runs a browser step; when it fails, saves a screenshot of the page as it was
 * (artifacts/screenshots/echec-<name>.png) before passing the failure on.
 */
export async function onFailureScreenshot<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await screenshot(page, `echec-${name}`).catch(() => undefined);
    throw error;
  }
}
