import { test, expect } from '@playwright/test';

test('the built app loads and names itself', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Inference Frontier' })).toBeVisible();
  expect(errors).toEqual([]);
});
