// The packaging check: builds the app folder, packs it as electron-builder.yml says (files,
// asarUnpack) with @electron/asar, and looks at what an installer would carry. Runs without the
// Electron binary; the production node_modules come from the root install (the same
// better-sqlite3, built from source with its sources and static library beside it).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './build-app';
import { packApp, readBuilderConfig, type PackedApp } from './package-contents';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'popline-package-'));
const appDir = join(dir, 'app');
let app: PackedApp;
let all: string[];

/** Packages in the app's dependency tree that only prebuild-install (an install-time tool) needs. */
function installTimeOnlyPackages(): string[] {
  const reach = (from: string[], skip: string | null) => {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name) || name === skip) return;
      seen.add(name);
      const manifest = JSON.parse(
        readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
    };
    from.forEach(visit);
    return seen;
  };
  const everything = reach(['better-sqlite3'], null);
  const withoutIt = reach(['better-sqlite3'], 'prebuild-install');
  return [...everything].filter((name) => !withoutIt.has(name)).sort();
}

beforeAll(async () => {
  await buildApp({ outDir: join(appDir, 'dist') });
  copyFileSync(join(root, 'app', 'package.json'), join(appDir, 'package.json'));
  // Leftovers a careless build could leave in the app folder.
  writeFileSync(join(appDir, 'dist', 'leftover.ts'), 'export {};\n');
  writeFileSync(join(appDir, 'dist', 'renderer', 'view.test.mjs'), 'export {};\n');
  mkdirSync(join(appDir, 'dist', 'tests'));
  writeFileSync(join(appDir, 'dist', 'tests', 'sample.eml'), 'Subject: test data\r\n\r\n');
  app = await packApp({
    config: readBuilderConfig(root),
    appDir,
    nodeModulesDir: join(root, 'node_modules'),
    outDir: join(dir, 'out'),
  });
  all = [...app.packed, ...app.unpacked];
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packaged app (app.asar and app.asar.unpacked)', () => {
  it('holds the bundles, the renderer and the runtime modules', () => {
    for (const file of [
      '/package.json',
      '/dist/main.mjs',
      '/dist/preload.cjs',
      '/dist/parse-worker.mjs',
      '/dist/renderer/index.html',
      '/node_modules/better-sqlite3/package.json',
      '/node_modules/better-sqlite3/lib/index.js',
      '/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      '/node_modules/bindings/bindings.js',
      '/node_modules/file-uri-to-path/package.json',
    ])
      expect(all, file).toContain(file);
  });

  it('unpacks only the native module and the parse worker, and writes them beside the archive', () => {
    expect(app.unpacked.sort()).toEqual([
      '/dist/parse-worker.mjs',
      '/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    ]);
    const native = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(statSync(join(`${app.asarPath}.unpacked`, native)).size).toBe(
      statSync(join(root, native)).size,
    );
  });

  it('carries no sources, source maps, tests or test data', () => {
    const offending = all.filter(
      (file) =>
        /\.(ts|mts|cts|tsx|map)$/.test(file) ||
        /\.(test|spec)\.[cm]?js$/.test(file) ||
        /\/(tests?|__tests__|fixtures)\//.test(file) ||
        /\.eml$/.test(file),
    );
    expect(offending).toEqual([]);
  });

  it("carries none of better-sqlite3's C sources, SQLite amalgamation, object files or static library", () => {
    const offending = all.filter(
      (file) =>
        file.startsWith('/node_modules/better-sqlite3/') &&
        (/\/(src|deps|obj|obj\.target)\//.test(file) ||
          /\.(a|o|lib|c|cc|cpp|h|hpp|gyp|gypi|mk)$/.test(file) ||
          /Makefile|test_extension/.test(file)),
    );
    expect(offending).toEqual([]);
  });

  it('carries neither prebuild-install nor anything only it needs', () => {
    const installOnly = installTimeOnlyPackages();
    expect(installOnly).toContain('prebuild-install');
    const shipped = new Set(all.map((file) => file.split('/')[2]).filter(Boolean));
    expect(installOnly.filter((name) => shipped.has(name))).toEqual([]);
  });

  it('is small: the archive and the unpacked folder together stay under 8 MB', () => {
    const unpackedBytes = app.unpacked.reduce(
      (sum, file) => sum + statSync(join(`${app.asarPath}.unpacked`, file)).size,
      0,
    );
    const total = statSync(app.asarPath).size + unpackedBytes;
    // The figure for the closing note: `npx vitest run scripts/package-contents.test.ts`.
    console.log(
      `packaging check: app.asar ${statSync(app.asarPath).size} bytes, unpacked ${unpackedBytes} bytes, ${all.length} files`,
    );
    expect(total).toBeLessThan(8 * 1024 * 1024);
  });
});
