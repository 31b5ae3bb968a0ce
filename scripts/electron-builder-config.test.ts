// electron-builder.yml checked with electron-builder's own code (schema, default deb
// dependencies), since the installers cannot be built here (no Electron binary).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import FpmTarget from 'app-builder-lib/out/targets/FpmTarget';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { APP_ID } from '../main/electron/app-identity';
import { icons } from './make-icons';

const root = join(import.meta.dirname, '..');
const readConfig = (): Configuration =>
  parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
const quietLogger = { isEnabled: false, add: () => undefined };

/** What fpm is told the deb depends on: the configured list, or electron-builder's default. */
function effectiveDebDepends(config: Configuration): string[] {
  const configured = config.deb?.depends;
  if (configured) return [...configured];
  // The same (private) method electron-builder calls when deb.depends is unset.
  const defaults = (
    FpmTarget.prototype as unknown as { getDefaultDepends(target: string): string[] }
  ).getDefaultDepends('deb');
  return defaults;
}

describe('electron-builder.yml', () => {
  it('is a configuration electron-builder 26 accepts', async () => {
    await expect(validateConfiguration(readConfig(), quietLogger as never)).resolves.toBe(
      undefined,
    );
    // Control: the validator does refuse a misspelt option.
    const wrong = { ...readConfig(), electronFuses: { runAsNod: false } } as Configuration;
    await expect(validateConfiguration(wrong, quietLogger as never)).rejects.toThrow(
      /electronFuses/,
    );
  });

  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or --inspect; only a validated app.asar', () => {
    expect(readConfig().electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it("gives the deb electron-builder's default dependencies, which include libsecret for safeStorage", () => {
    const depends = effectiveDebDepends(readConfig());
    for (const needed of [
      'libgtk-3-0',
      'libnss3',
      'libnotify4',
      'xdg-utils',
      'libxss1',
      'libxtst6',
      'libatspi2.0-0',
      'libuuid1',
      'libsecret-1-0',
    ])
      expect(depends, needed).toContain(needed);
  });

  it("leaves the deb electron-builder's AppArmor profile (userns, for Ubuntu 24.04+) and install scripts", () => {
    const config = readConfig();
    expect(config.deb?.appArmorProfile ?? null).toBeNull();
    expect(config.deb?.afterInstall ?? null).toBeNull();
    const templates = join(root, 'node_modules', 'app-builder-lib', 'templates', 'linux');
    expect(readFileSync(join(templates, 'apparmor-profile.tpl'), 'utf8')).toMatch(/^\s*userns,$/m);
    expect(readFileSync(join(templates, 'after-install.tpl'), 'utf8')).toContain('apparmor_parser');
  });

  it('names the same appId that the app gives Windows as its AppUserModelID', () => {
    expect(readConfig().appId).toBe(APP_ID);
  });

  it('unpacks only native code and the parse worker, with smartUnpack off', () => {
    const config = readConfig();
    expect(config.asarUnpack).toEqual(['**/*.node', 'dist/parse-worker.mjs']);
    expect(config.asar).toEqual({ smartUnpack: false });
  });

  it('has an icon for every target, in the format each system wants', () => {
    const config = readConfig();
    expect(config.directories?.buildResources).toBe('build');
    expect({
      linux: config.linux?.icon,
      win: config.win?.icon,
      mac: config.mac?.icon,
    }).toEqual({
      linux: 'build/icon.png',
      win: 'build/icon.ico',
      mac: 'build/icon.icns',
    });
    // The committed files are what scripts/make-icons.ts draws (512 px PNG, ICO up to 256, ICNS).
    for (const [name, bytes] of Object.entries(icons()))
      expect(readFileSync(join(root, 'build', name)).equals(bytes), name).toBe(true);
  });
});
