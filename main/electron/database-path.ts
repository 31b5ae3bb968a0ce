// Where the app keeps its database: Electron's userData folder, unless a test or the user
// names another file with --db PATH or POPLINE_DB.
import { join, resolve } from 'node:path';

export const DATABASE_FILE = 'popline.sqlite';

export function resolveDatabasePath(input: {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  userDataDir: string;
}): string {
  const { argv } = input;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--db' && argv[i + 1]) return resolve(argv[i + 1] as string);
    if (arg.startsWith('--db=') && arg.length > 5) return resolve(arg.slice(5));
  }
  const fromEnv = input.env.POPLINE_DB;
  if (fromEnv) return resolve(fromEnv);
  return join(input.userDataDir, DATABASE_FILE);
}
