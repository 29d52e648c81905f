import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

// Debian's Chromium, driven by playwright-core: no browser download (`playwright install`).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const screenshotDir = path.resolve('test-results/e2e');

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

const CSP_REPORT_PREFIX = 'CSP violation:';
const cspViolationsByContext = new WeakMap<BrowserContext, string[]>();

/**
 * Every Content-Security-Policy violation any page of this browser met so far: what Chromium
 * logs ("Refused to … because it violates …") and each `securitypolicyviolation` event.
 */
export function cspViolations(page: Page): string[] {
  return [...(cspViolationsByContext.get(page.context()) ?? [])];
}

/** Fails on any CSP violation: the policy must never break a page. */
export function expectNoCspViolations(page: Page, step: string): void {
  expect(cspViolations(page), `${step}: Content-Security-Policy violations`).toEqual([]);
}

/** A fresh profile per context: nothing (cookies, sessionStorage) leaks between visitors. */
export async function openBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'teppan-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: options.viewport ?? { width: 390, height: 844 },
  });
  const violations: string[] = [];
  cspViolationsByContext.set(context, violations);
  // Init scripts are injected by the browser itself, not as page script: the CSP allows them.
  await context.addInitScript((prefix: string) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `${prefix} ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`,
      );
    });
  }, CSP_REPORT_PREFIX);
  context.on('console', (message) => {
    const text = message.text();
    if (text.startsWith(CSP_REPORT_PREFIX) || /Content Security Policy/i.test(text))
      violations.push(`${message.location().url}: ${text}`);
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

export type AxeViolation = {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown }[];
};

/** axe-core in the page; returns the serious and critical violations only. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: an injected <script> tag would be inline
  // script, which the pages' Content-Security-Policy rightly refuses.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
