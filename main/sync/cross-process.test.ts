// One sync per account, also across processes: while a `sync` process holds an account, a second
// process on the same database is told "busy" and never opens a second POP3 session.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { tempProfile, type TempProfile } from '../store/store-test-support';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-pop3-server';
import { storePort } from './store-port';
import { syncAccount } from './sync-account';
import { mailbox } from './sync-test-support';

const ROOT = resolve(__dirname, '../..');
let server: ScriptedServer | undefined;
let profile: TempProfile | undefined;
afterEach(async () => {
  await server?.close();
  profile?.remove();
});

const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('one sync per account across processes', () => {
  it('refuses a second process while the first is in its session', async () => {
    server = await startScriptedServer({
      mailbox: mailbox(5),
      users: { user: 'secret' },
      faults: { slowReplyMs: 150 },
    });
    profile = tempProfile();
    const db = join(profile.dir, 'shared.db');
    const args = ['--import', 'tsx', join(ROOT, 'main/cli/main.ts'), 'sync', '--db', db];
    const child = spawn(
      process.execPath,
      [...args, '--host', '127.0.0.1', '--port', String(server.port), '--security', 'none'].concat([
        '--user',
        'user',
        '--auth',
        'user',
        '--allow-insecure-password',
        '--json',
      ]),
      { cwd: ROOT, env: { ...process.env, POPLINE_PASSWORD: 'secret' }, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    // The other process is logged in (USER sent) and so holds the account's lock.
    await until(() => server!.commandsOf(1).includes('USER user'));

    const store = openStore(db);
    try {
      const account = store.accounts.list()[0]!;
      const deps = { port: storePort(store), secret: () => 'secret' };
      const second = await syncAccount(deps, account.id);
      expect(second.outcome).toBe('busy');
      expect(server.sessions).toBe(1);

      expect(await exited).toBe(0);
      const after = await syncAccount(deps, account.id);
      expect(after.outcome).toBe('ok');
      expect(server.sessions).toBe(2);
      expect(store.messages.count()).toBe(5);
    } finally {
      store.close();
    }
  });
});
