import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { parsedMessage, rawMessage, storeWithAccount } from '../store/store-test-support';
import { runCliForTest } from './cli-test-support';

let env: ReturnType<typeof storeWithAccount>;
beforeEach(() => {
  env = storeWithAccount();
  for (const subject of ['one', 'two', 'three']) {
    env.store.commitMessage({
      accountId: env.accountId,
      uidl: subject,
      raw: rawMessage(subject, `From here on\r\n${subject}`),
      sessionId: null,
      parsed: parsedMessage({ subject }),
      contentKey: null,
      partial: false,
    });
  }
  env.store.close();
});
afterEach(() => env.profile.remove());

async function cli(...argv: string[]) {
  const { status, out, err } = await runCliForTest(argv);
  return { status, out, err };
}

describe('popline export and import', () => {
  it('exports the Inbox to mbox and imports it into a new folder, byte-equal; a second import stores nothing', async () => {
    const db = env.profile.dbPath;
    const mbox = join(env.profile.dir, 'inbox.mbox');
    expect(await cli('export', '--db', db, '--folder', 'Inbox', '--mbox', mbox)).toEqual({
      status: 0,
      out: 'exported 3 messages from Inbox',
      err: '',
    });
    expect(readFileSync(mbox, 'latin1')).toContain('\r\n\r\n>From here on\r\n');
    const first = await cli('import', '--db', db, '--folder', 'Restored', mbox);
    expect(first).toMatchObject({
      status: 0,
      out: 'imported 3 messages into Restored; 0 already there; 0 unreadable',
    });
    const again = await cli('import', '--db', db, '--folder', 'restored', mbox);
    expect(again.out).toBe('imported 0 messages into Restored; 3 already there; 0 unreadable');
    const store = openStore(db);
    try {
      const raws = (name: string) => {
        const folder = store.folders.list().find((f) => f.name === name);
        return store.moves
          .idsInFolder(folder?.id ?? 0)
          .map((id) => store.messages.raw(id)?.toString('latin1'));
      };
      expect(raws('Restored')).toEqual(raws('Inbox'));
      expect(raws('Restored')).toHaveLength(3);
    } finally {
      store.close();
    }
  });

  it('reports unreadable files on stderr with status 1, and usage errors with status 2', async () => {
    const db = env.profile.dbPath;
    const eml = join(env.profile.dir, 'one.eml');
    writeFileSync(eml, rawMessage('loose'));
    const result = await cli(
      'import',
      '--db',
      db,
      '--folder',
      'Loose',
      eml,
      join(env.profile.dir, 'missing.mbox'),
    );
    expect(result).toEqual({
      status: 1,
      out: 'imported 1 messages into Loose; 0 already there; 1 unreadable',
      err: 'not imported: missing.mbox: no such file',
    });
    expect((await cli('import', '--db', db, eml)).status).toBe(2);
    expect((await cli('export', '--db', db, '--folder', 'Inbox')).status).toBe(2);
    expect(await cli('export', '--db', db, '--folder', 'Nope', '--mbox', eml)).toMatchObject({
      status: 1,
      err: 'error: no folder named Nope',
    });
  });
});
