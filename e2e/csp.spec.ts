/**
 * The built app's Content-Security-Policy (vite.config.ts, docs/decisions.md): every view works
 * under it — workers, KaTeX, the chart, a live server on another port — and what it forbids stays
 * forbidden: an injected inline script does not run.
 */
import { test, expect, type Page } from '@playwright/test';
import { simUrl } from './fixtures';

async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const refused: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) refused.push(m.text()); });
  return async () => [...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)), ...refused];
}

test('the built app carries a strict script policy and every view runs under it', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('./');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  // The Stage: two tree workers and the sweep pool.
  await expect.poll(async () => (await page.evaluate(() => window.__frontier!.stage)).chartPoints, { timeout: 20_000 }).toBeGreaterThan(0);
  // The Explorer with KaTeX-rendered maths, then Scaling and the presenter.
  await page.goto('./?view=explorer&src=sim&model=sim-7B&problem=sim-L3-0004&s=rebase&seed=0');
  await expect.poll(() => page.evaluate(() => window.__frontier!.nodeCount), { timeout: 15_000 }).toBeGreaterThan(5);
  await page.goto('./?view=scaling');
  await expect(page.getByTestId('nav-scaling')).toBeVisible();
  await page.goto('./?present=1');
  await expect(page.getByTestId('presenter')).toBeVisible();
  expect(await violations()).toEqual([]);
});

test('an injected inline script is refused, while requests to a server on another origin go through', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('./');
  await expect(page.getByTestId('stage-view')).toBeVisible();
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.head.appendChild(s);
    await new Promise((r) => setTimeout(r, 100));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  // Refused by the policy, and only that: one violation event (plus the browser's console line).
  await expect.poll(violations).toContainEqual(expect.stringMatching(/^script-src(-elem)? inline$/));
  expect((await violations()).filter((v) => !/^script-src(-elem)? inline$/.test(v) && !/inline script violates/.test(v))).toEqual([]);
  // connect-src is open: the live servers a person configures are on other origins.
  const status = await page.evaluate(async (url) => (await fetch(`${url}/health`)).status, simUrl());
  expect(status).toBe(200);
});
