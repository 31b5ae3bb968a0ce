import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { minVersion, satisfies, subset } from 'semver';
import { describe, expect, it } from 'vitest';
import {
  CLI_NODE_FLAGS,
  cliBuild,
  EXTERNAL,
  mainBuild,
  parseWorkerBuild,
  preloadBuild,
} from './build-app';

const root = join(import.meta.dirname, '..');
const readJson = (path: string) =>
  JSON.parse(readFileSync(join(root, path), 'utf8')) as {
    version: string;
    main?: string;
    dependencies: Record<string, string>;
    scripts?: Record<string, string>;
  };

/** Bundles in memory and returns which modules the output still loads at run time. */
async function runtimeImports(options: typeof mainBuild): Promise<string[]> {
  const result = await build({ ...options, write: false, sourcemap: false, metafile: true });
  const imports = new Set<string>();
  for (const output of Object.values(result.metafile.outputs))
    for (const entry of output.imports) if (entry.external) imports.add(entry.path);
  return [...imports].sort();
}

describe('the app build', () => {
  it('bundles the preload into one file that loads nothing but electron (a sandbox rule)', async () => {
    expect(preloadBuild.format).toBe('cjs');
    expect(await runtimeImports(preloadBuild)).toEqual(['electron']);
  });

  it('bundles main with only electron and Node builtins imported at load time', async () => {
    const imports = await runtimeImports(mainBuild);
    expect(imports.filter((name) => !name.startsWith('node:'))).toEqual(['electron']);
  });

  it('loads better-sqlite3 lazily, so that its failure reaches the start-up error box', async () => {
    // A static import would be resolved before main.mjs runs a line (and before the error box
    // exists); the store requires it when the first database is opened.
    const result = await build({ ...mainBuild, write: false, sourcemap: false });
    const code = result.outputFiles.map((file) => file.text).join('\n');
    expect(code).not.toMatch(/^import .* from "better-sqlite3";?$/m);
    expect(code).toMatch(/loadModule\d*\("better-sqlite3"\)/);
    expect(EXTERNAL).toContain('better-sqlite3');
  });

  it('bundles the MIME parse worker as parse-worker.mjs beside main.mjs, loading only Node builtins', async () => {
    // main/mime/parse-pool.ts resolves the worker from its own bundle's URL under this name.
    expect(parseWorkerBuild.format).toBe('esm');
    expect(dirname(String(parseWorkerBuild.outfile))).toBe(dirname(String(mainBuild.outfile)));
    expect(basename(String(parseWorkerBuild.outfile))).toBe('parse-worker.mjs');
    const imports = await runtimeImports(parseWorkerBuild);
    expect(imports.filter((name) => !name.startsWith('node:'))).toEqual([]);
  });

  it('points app/package.json at the main bundle, with the root version', () => {
    const app = readJson('app/package.json');
    const rootPackage = readJson('package.json');
    expect(app.main).toBe(relative(join(root, 'app'), String(mainBuild.outfile)));
    expect(app.version).toBe(rootPackage.version);
  });

  it('gives app/ every module main loads at run time, at the root range', () => {
    const app = readJson('app/package.json');
    const rootPackage = readJson('package.json');
    for (const name of EXTERNAL.filter((n) => n !== 'electron')) {
      expect(app.dependencies[name], name).toBe(rootPackage.dependencies[name]);
    }
  });

  it('builds installers for the three systems', () => {
    const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(/^\s+app: app$/m);
    for (const target of ['AppImage', 'deb', 'nsis', 'dmg'])
      expect(config).toMatch(new RegExp(`^\\s+- ${target}$`, 'm'));
  });

  it('offers build, start, dist and dev:browser as npm scripts', () => {
    const { scripts = {} } = readJson('package.json');
    expect(scripts.build).toBe('tsx scripts/build-app.ts');
    expect(scripts.start).toBe('bash scripts/start.sh');
    const start = readFileSync('scripts/start.sh', 'utf8');
    expect(start).toMatch(/^(step \d+ )?npm run -s build( |$)/m);
    // The app's main process gets the same V8 flags as the CLI.
    expect(start).toMatch(
      new RegExp(`^exec npx electron --js-flags="${CLI_NODE_FLAGS.join(' ')}" app `, 'm'),
    );
    expect(scripts.dist).toMatch(
      /^npm run build && .*electron-builder --config electron-builder.yml$/,
    );
    expect(scripts['dev:browser']).toBe('tsx main/bridge/dev-browser.ts');
  });
});

describe("the command line's launchers", () => {
  const shebang = String(cliBuild.banner?.js).split('\n')[0] ?? '';

  it('start Node with a small young generation and a tight old one: the bin by its shebang, npm run cli by its flags', () => {
    expect(CLI_NODE_FLAGS).toEqual(['--max-semi-space-size=4', '--heap-growing-percent=50']);
    expect(shebang).toBe(`#!/usr/bin/env -S node ${CLI_NODE_FLAGS.join(' ')}`);
    expect(readJson('package.json').scripts?.cli).toBe(
      `node ${CLI_NODE_FLAGS.join(' ')} scripts/cli.mjs`,
    );
  });

  it("gives Node the flags when the system runs the bin's first line", () => {
    const dir = mkdtempSync(join(tmpdir(), 'popline-shebang-'));
    try {
      const script = join(dir, 'launched.mjs');
      writeFileSync(script, `${shebang}\nconsole.log(JSON.stringify(process.execArgv));\n`);
      chmodSync(script, 0o755);
      // Run as a file, not through node: the kernel and env(1) read the shebang.
      expect(JSON.parse(execFileSync(script, { encoding: 'utf8' }))).toEqual(CLI_NODE_FLAGS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Node versions the project declares', () => {
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  const enginesOf = (name: string) =>
    (
      JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        engines: { node: string };
      }
    ).engines.node;

  it('admits no Node that the test tools refuse', () => {
    for (const tool of ['vite', 'vitest', 'better-sqlite3'])
      expect(subset(rootPackage.engines.node, enginesOf(tool)), tool).toBe(true);
  });

  it("tells in the README which Node Electron's own tooling needs, which engines cannot say", () => {
    const electronNode = minVersion(enginesOf('electron'))?.version ?? '';
    expect(satisfies('20.19.0', enginesOf('electron'))).toBe(false);
    const [major, minor] = electronNode.split('.');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`\`npm start\` and \`npm run dist\` need Node ${major}.${minor}+`);
  });
});
