// End-to-end tests: the real renderer in Debian's Chromium, through the browser bridge, against a
// private Dovecot. One worker: the tests share two CPU cores and one Dovecot per run.
// POPLINE_E2E_ELECTRON=1 (or =auto with a downloaded binary) runs the same specs in the built
// Electron app through Playwright's _electron launcher instead (scripts/e2e-target.ts).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './e2e/support/chromium';
import { e2eTarget, installedElectron } from './scripts/e2e-target';

const target = e2eTarget(
  process.env,
  process.env.POPLINE_E2E_ELECTRON ? installedElectron() : null,
);

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
  // The project's name tells the fixtures (e2e/support/popline.ts) where to open the app.
  projects: [{ name: target.kind === 'electron' ? 'electron' : 'chromium-bridge' }],
  metadata: { target },
  use: {
    launchOptions: CHROMIUM_LAUNCH,
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
