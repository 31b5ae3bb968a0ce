// `npm run build`: bundles the Electron main process, its MIME parse worker and the preload with
// esbuild, and the renderer with Vite, into app/dist (electron-builder's application directory);
// and the command line (the `popline` bin) with its own parse worker into dist/cli.
// Never bundles native modules or electron itself: those stay external and live in app/.
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild, type BuildOptions } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'app', 'dist');
/** The command line runs as plain Node from here: no TypeScript transpiled at each start. */
export const cliDir = join(root, 'dist', 'cli');

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

/**
 * Node flags of the `popline` bin (its shebang, through `env -S`) and of `npm run cli`: V8 reads
 * them only at start-up. A sync's garbage dies within a few messages, yet V8 grows the young
 * generation to 2 x 16 MiB semi-spaces (4 MiB ones: 13-20 MiB less peak RSS in bench:sync), and
 * lets the old generation fill to about 3x what is live before collecting it, so the peak grew
 * with the mailbox (1.5x: flat, 18 MiB less at 5,000 messages). Together a few % more CPU at most;
 * bench/sync-bench.ts compares with BENCH_BARE=1.
 */
export const CLI_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=50'] as const;

// The CLI under the project's own Node (20+), with better-sqlite3 from the root node_modules.
// Split into chunks: a command compiles only the code it imports (sync never loads nodemailer,
// postal-mime or zod), which is most of its start-up (npm run bench:startup).
export const cliBuild: BuildOptions = {
  ...mainBuild,
  outfile: undefined,
  entryPoints: { popline: join(root, 'main', 'cli', 'bin.ts') },
  outdir: cliDir,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  target: 'node20',
  external: ['better-sqlite3'],
  banner: {
    js: `#!/usr/bin/env -S node ${CLI_NODE_FLAGS.join(' ')}\n${String(mainBuild.banner?.js)}`,
  },
};

export const cliParseWorkerBuild: BuildOptions = {
  ...parseWorkerBuild,
  outfile: join(cliDir, 'parse-worker.mjs'),
  target: 'node20',
};

export type AppPart = 'main' | 'preload' | 'renderer' | 'cli';

/** A CLI loads its chunks within its first second; an older build's chunks can go after this. */
const STALE_CHUNK_MS = 10 * 60_000;

/**
 * Builds the CLI into a fresh folder beside `dir` and renames each file into place, worker first:
 * a CLI started meanwhile (another `npm run cli`) sees the old bundle or the new, never half one.
 */
export async function buildCli(dir: string = cliDir): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  const staging = await mkdtemp(join(dirname(dir), '.cli-'));
  try {
    await Promise.all([
      esbuild({ ...cliParseWorkerBuild, outfile: join(staging, 'parse-worker.mjs') }),
      esbuild({ ...cliBuild, outdir: staging }),
    ]);
    await mkdir(dir, { recursive: true });
    // Chunks are named by their content: new ones go in beside the old, the entry last.
    const built = await readdir(staging);
    const last = ['popline.mjs.map', 'popline.mjs'];
    for (const file of [...built.filter((f) => !last.includes(f)), ...last])
      await rename(join(staging, file), join(dir, file));
    await chmod(join(dir, 'popline.mjs'), 0o755);
    // Chunks of an older build, once no CLI started before this build can still be loading them.
    const now = Date.now();
    for (const file of await readdir(dir)) {
      if (!file.startsWith('chunk-') || built.includes(file)) continue;
      const old = now - (await stat(join(dir, file))).mtimeMs > STALE_CHUNK_MS;
      if (old) await rm(join(dir, file), { force: true });
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Builds the parts into outDir (app/dist by default; the packaging check uses a temporary one). */
export async function buildApp(
  options: { outDir?: string; cliDir?: string; parts?: readonly AppPart[] } = {},
): Promise<void> {
  const dir = options.outDir ?? outDir;
  const parts = options.parts ?? ['main', 'preload', 'renderer'];
  if (parts.includes('cli')) await buildCli(options.cliDir);
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
  const parts: AppPart[] = only.length ? only : ['main', 'preload', 'renderer', 'cli'];
  await buildApp({ parts });
  process.stdout.write(
    `built ${parts.join(', ')} (the app into app/dist, the CLI into dist/cli)\n`,
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
