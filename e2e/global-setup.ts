// Builds the renderer once before the suite, so a clean clone tests what it would ship.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export default function globalSetup(): void {
  const vite = join(root, 'node_modules', '.bin', 'vite');
  const built = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`the renderer build failed (exit ${built.status})`);
  // Through Electron, the main process and preload are needed too (the bridge runs them from source).
  if (process.env.POPLINE_E2E_ELECTRON && process.env.POPLINE_E2E_ELECTRON !== '0') {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const app = spawnSync(tsx, ['scripts/build-app.ts'], { cwd: root, stdio: 'inherit' });
    if (app.status !== 0) throw new Error(`the app build failed (exit ${app.status})`);
  }
}
