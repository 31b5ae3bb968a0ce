// End-to-end tests: the real renderer in Debian's Chromium, through the browser bridge, against a
// private Dovecot. One worker: the tests share two CPU cores and one Dovecot per run.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './e2e/support/chromium';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  // Its own folder: Playwright empties it at start, and vitest writes reports beside it.
  outputDir: './test-results/e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    launchOptions: CHROMIUM_LAUNCH,
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
