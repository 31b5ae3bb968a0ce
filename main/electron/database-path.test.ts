import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDatabasePath } from './database-path';

const userDataDir = '/home/ann/.config/Popline';

describe('the database path', () => {
  it('lives in the userData folder by default', () => {
    expect(resolveDatabasePath({ argv: ['electron', 'app'], env: {}, userDataDir })).toBe(
      join(userDataDir, 'popline.sqlite'),
    );
  });

  it('follows POPLINE_DB, and --db over it', () => {
    expect(resolveDatabasePath({ argv: [], env: { POPLINE_DB: '/tmp/a.db' }, userDataDir })).toBe(
      '/tmp/a.db',
    );
    expect(
      resolveDatabasePath({
        argv: ['x', '--db', 'b.db'],
        env: { POPLINE_DB: '/tmp/a.db' },
        userDataDir,
      }),
    ).toBe(resolve('b.db'));
    expect(resolveDatabasePath({ argv: ['x', '--db=/c.db'], env: {}, userDataDir })).toBe('/c.db');
  });

  it('ignores --db without a value', () => {
    expect(resolveDatabasePath({ argv: ['x', '--db'], env: {}, userDataDir })).toBe(
      join(userDataDir, 'popline.sqlite'),
    );
  });
});
