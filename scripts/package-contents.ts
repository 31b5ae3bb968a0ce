// What `npm run dist` would put into app.asar and app.asar.unpacked, worked out without the
// Electron binary: the app folder's files and its production node_modules, filtered by
// electron-builder.yml's `files` and marked by its `asarUnpack` with electron-builder's own
// matcher (app-builder-lib's FileMatcher, as its packager uses it), then packed with
// @electron/asar, which electron-builder packs with too. For the packaging check; never shipped.
import { lstatSync, readdirSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { createReadStream } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createPackageFromStreams, listPackage, type AsarStreamType } from '@electron/asar';
import type { Configuration } from 'app-builder-lib';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { parse } from 'yaml';

type Filter = (file: string, stat: Stats) => boolean;
interface Candidate {
  source: string;
  /** Path inside the archive, with '/' separators. */
  path: string;
  stat: Stats;
}

const same = (text: string) => text;
const toPosix = (path: string) => path.split(sep).join('/');

export function readBuilderConfig(root: string): Configuration {
  return parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
}

function patternsOf(value: unknown): string[] {
  if (value == null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((p): p is string => typeof p === 'string');
}

/** Walks dir depth-first, asking keep() for every entry; a refused directory is not entered. */
function walk(dir: string, keep: (path: string, stat: Stats) => boolean, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (!keep(path, stat)) continue;
    if (stat.isDirectory()) walk(path, keep, out);
    else out.push(path);
  }
}

/** The app's production dependency folders, resolved like Node does from nodeModulesDir. */
function productionPackages(appDir: string, nodeModulesDir: string): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (name: string) => {
    if (found.has(name)) return;
    const dir = realpathSync(join(nodeModulesDir, name));
    found.set(name, dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
  };
  const app = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dep of Object.keys(app.dependencies ?? {})) visit(dep);
  return found;
}

/**
 * The files electron-builder would take: the app folder by `files` (node_modules aside), and each
 * production dependency by "everything but the `files` exclusions", as its packager does.
 */
export function appFiles(options: {
  config: Configuration;
  appDir: string;
  nodeModulesDir: string;
}): Candidate[] {
  const { config, appDir } = options;
  const patterns = patternsOf(config.files);
  const main = new FileMatcher(appDir, appDir, same, [...patterns, '!**/node_modules/**']);
  const mainFilter = main.createFilter() as Filter;
  const candidates: Candidate[] = [];
  const files: string[] = [];
  walk(appDir, (path, stat) => mainFilter(path, stat), files);
  for (const source of files)
    candidates.push({ source, path: toPosix(relative(appDir, source)), stat: lstatSync(source) });

  const modules = new FileMatcher(appDir, appDir, same, [
    '**/*',
    ...patterns.filter((p) => p.startsWith('!')),
  ]);
  const moduleFilter = modules.createFilter() as Filter;
  for (const [name, dir] of productionPackages(appDir, options.nodeModulesDir)) {
    const inArchive = (path: string) => toPosix(join('node_modules', name, relative(dir, path)));
    const keep = (path: string, stat: Stats) =>
      // Each dependency is collected on its own; its nested node_modules is never walked here.
      !(stat.isDirectory() && path === join(dir, 'node_modules')) &&
      moduleFilter(path, Object.assign(stat, { moduleFullFilePath: inArchive(path) }));
    const found: string[] = [];
    walk(dir, keep, found);
    for (const source of found)
      candidates.push({ source, path: inArchive(source), stat: lstatSync(source) });
  }
  return candidates;
}

export interface PackedApp {
  asarPath: string;
  /** Every file in the archive, with a leading '/'. */
  packed: string[];
  unpacked: string[];
}

/** Packs the candidates into outDir/app.asar (+ app.asar.unpacked) as `asarUnpack` says. */
export async function packApp(options: {
  config: Configuration;
  appDir: string;
  nodeModulesDir: string;
  outDir: string;
}): Promise<PackedApp> {
  const { config } = options;
  const unpackMatcher = new FileMatcher(
    options.appDir,
    options.appDir,
    same,
    patternsOf(config.asarUnpack),
  );
  const unpack = unpackMatcher.createFilter() as Filter;
  const streams: AsarStreamType[] = appFiles(options)
    .filter((file) => file.stat.isFile())
    .map((file) => ({
      type: 'file',
      path: file.path,
      unpacked: unpack(
        join(options.appDir, file.path),
        Object.assign(file.stat, { moduleFullFilePath: file.path }),
      ),
      stat: { mode: file.stat.mode, size: file.stat.size },
      streamGenerator: () => createReadStream(file.source),
    }));
  const asarPath = join(options.outDir, 'app.asar');
  await new Promise<void>((resolve, reject) => {
    void createPackageFromStreams(asarPath, streams).then((stream) => {
      stream.on('close', resolve);
      stream.on('error', reject);
    }, reject);
  });
  // The listing names directories too; only files are of interest.
  const files = new Set(streams.map((s) => `/${s.path}`));
  const packed: string[] = [];
  const unpacked: string[] = [];
  for (const line of listPackage(asarPath, { isPack: true })) {
    const [kind = '', path = ''] = line.split(/\s*:\s*/, 2);
    if (!files.has(toPosix(path))) continue;
    (kind === 'unpack' ? unpacked : packed).push(toPosix(path));
  }
  return { asarPath, packed, unpacked };
}
