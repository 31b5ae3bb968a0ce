// `npm run cli`: runs the built command line (dist/cli/popline.mjs, the `popline` bin), first
// rebuilding it when a source is newer than the bundle, so a run never uses stale code and never
// pays for transpiling TypeScript. Plain JavaScript: this file itself must start in no time.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli', 'popline.mjs');

/** Newest modification time among what the bundle is built from. */
function newestSource() {
  let newest = 0;
  const see = (path) => {
    newest = Math.max(newest, statSync(path).mtimeMs);
  };
  for (const dir of ['main', 'shared']) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true }))
      if (entry.isFile()) see(join(entry.parentPath ?? entry.path, entry.name));
  }
  for (const file of ['package-lock.json', 'scripts/build-app.ts']) see(join(root, file));
  return newest;
}

function bundleTime() {
  try {
    return statSync(bundle).mtimeMs;
  } catch {
    return -1;
  }
}

if (bundleTime() < newestSource()) {
  // Quiet on success: the command's own output is what stdout and stderr are for.
  const built = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts', 'build-app.ts'), 'cli'],
    { cwd: root, encoding: 'utf8' },
  );
  if (built.status !== 0) {
    process.stderr.write(`popline: building the CLI failed\n${built.stderr}${built.stdout}`);
    process.exit(1);
  }
}
await import(pathToFileURL(bundle).href);
