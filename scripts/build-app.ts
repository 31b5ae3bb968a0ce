// `npm run build`: bundles the Electron main process, its MIME parse worker and the preload with
// esbuild, and the renderer with Vite, into app/dist (electron-builder's application directory).
// Never bundles native modules or electron itself: those stay external and live in app/.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild, type BuildOptions } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'app', 'dist');

/** Modules loaded at run time from app/node_modules (native) or provided by Electron. */
export const EXTERNAL = ['electron', 'better-sqlite3'];

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  // Electron 45 runs Node 22.
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

export const mainBuild: BuildOptions = {
  ...common,
  entryPoints: [join(root, 'main', 'electron', 'main.ts')],
  outfile: join(outDir, 'main.mjs'),
  format: 'esm',
  external: EXTERNAL,
  // Bundled CommonJS dependencies (ws, …) call require(); ESM has none unless we make one.
  banner: {
    js: "import { createRequire as __poplineCreateRequire } from 'node:module'; const require = __poplineCreateRequire(import.meta.url);",
  },
};

// main/mime/parse-pool.ts looks for the worker beside the main bundle, as parse-worker.mjs.
export const parseWorkerBuild: BuildOptions = {
  ...common,
  entryPoints: [join(root, 'main', 'mime', 'parse-worker.ts')],
  outfile: join(outDir, 'parse-worker.mjs'),
  format: 'esm',
};

// A sandboxed preload must be one CommonJS file that requires nothing but 'electron'.
export const preloadBuild: BuildOptions = {
  ...common,
  entryPoints: [join(root, 'main', 'electron', 'preload.ts')],
  outfile: join(outDir, 'preload.cjs'),
  format: 'cjs',
  external: ['electron'],
};

export type AppPart = 'main' | 'preload' | 'renderer';

/** Builds the parts into outDir (app/dist by default; the packaging check uses a temporary one). */
export async function buildApp(
  options: { outDir?: string; parts?: readonly AppPart[] } = {},
): Promise<void> {
  const dir = options.outDir ?? outDir;
  const parts = options.parts ?? ['main', 'preload', 'renderer'];
  const into = (build: BuildOptions, file: string): BuildOptions => ({
    ...build,
    outfile: join(dir, file),
  });
  if (parts.includes('main'))
    await Promise.all([
      esbuild(into(mainBuild, 'main.mjs')),
      esbuild(into(parseWorkerBuild, 'parse-worker.mjs')),
    ]);
  if (parts.includes('preload')) await esbuild(into(preloadBuild, 'preload.cjs'));
  if (parts.includes('renderer'))
    await viteBuild({
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: join(dir, 'renderer'), emptyOutDir: true },
    });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2) as AppPart[];
  if (only.length === 0) await rm(outDir, { recursive: true, force: true });
  await buildApp(only.length ? { parts: only } : {});
  process.stdout.write(
    `built ${only.length ? only.join(', ') : 'main, preload, renderer'} into app/dist\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
