import { test, expect } from '@playwright/test';

test('the built app opens on the simulated world and shows every strategy', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Inference Frontier' })).toBeVisible();
  const rows = page.locator('table[aria-label="strategy results"] tbody tr');
  await expect(rows).toHaveCount(7, { timeout: 15_000 });
  for (const s of ['greedy', 'majority', 'best-of-n', 'weighted-majority', 'beam', 'mcts', 'rebase']) {
    await expect(page.locator(`tr[data-strategy="${s}"]`)).toContainText('%');
  }
  await expect(page.getByText(/simulated/i).first()).toBeVisible();
  expect(errors).toEqual([]);
});
