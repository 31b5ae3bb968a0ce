// Where the end-to-end specs run: Debian's Chromium through the browser bridge (the default, and
// the only choice where Electron's binary cannot be downloaded), or the built Electron app through
// Playwright's _electron launcher. POPLINE_E2E_ELECTRON=1 asks for Electron (an error if there is
// no binary); =auto uses it when the binary is there; unset or 0 keeps the bridge.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ELECTRON_PACKAGE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'node_modules',
  'electron',
);

export type E2eTarget = { kind: 'bridge' } | { kind: 'electron'; executablePath: string };

/**
 * The Electron binary npm installed (node_modules/electron), or null when it was not downloaded.
 * Read from the package's path.txt, never by require('electron'): that starts a download.
 */
export function installedElectron(
  exists: (path: string) => boolean = existsSync,
  packageDir = ELECTRON_PACKAGE,
): string | null {
  let relative: string;
  try {
    relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  const binary = join(packageDir, 'dist', relative);
  return relative && exists(binary) ? binary : null;
}

export function e2eTarget(
  env: Record<string, string | undefined>,
  electronBinary: string | null,
): E2eTarget {
  const wanted = env.POPLINE_E2E_ELECTRON ?? '0';
  if (wanted === '0' || wanted === '') return { kind: 'bridge' };
  if (wanted !== '1' && wanted !== 'auto')
    throw new Error(`POPLINE_E2E_ELECTRON must be 0, 1 or auto, not ${JSON.stringify(wanted)}`);
  if (electronBinary) return { kind: 'electron', executablePath: electronBinary };
  if (wanted === 'auto') return { kind: 'bridge' };
  throw new Error(
    'POPLINE_E2E_ELECTRON=1 but no Electron binary is installed: run npm start once (it downloads it), or unset POPLINE_E2E_ELECTRON to test through the bridge',
  );
}
