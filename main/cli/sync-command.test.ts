// `sync`'s failure line for a session that ended 'partial': what failed, in its own words.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticMessage } from '../testing/dovecot';
import {
  startScriptedServer,
  type ScriptedFaults,
  type ScriptedServer,
  type ScriptedServerOptions,
} from '../testing/scripted-pop3-server';
import { EXIT } from './cli-error';
import { runCliForTest } from './cli-test-support';

let server: ScriptedServer;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'popline-sync-cli-'));
});
afterEach(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function syncAgainst(
  faults: ScriptedFaults,
  extra: { server?: Partial<ScriptedServerOptions>; args?: string[] } = {},
) {
  server = await startScriptedServer({
    mailbox: [{ body: syntheticMessage(1) }, { body: syntheticMessage(2) }],
    faults,
    ...extra.server,
  });
  return runCliForTest(
    [
      'sync',
      '--db',
      join(dir, 'popline.db'),
      '--host',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--security',
      'none',
      '--user',
      'user',
      '--auth',
      'user',
      '--allow-insecure-password',
      ...(extra.args ?? []),
    ],
    { password: 'secret' },
  );
}

describe('sync that ends partial', () => {
  it('says the server refused QUIT, not that messages could not be processed', async () => {
    const r = await syncAgainst({
      errOn: { command: 'QUIT', text: '[SYS/TEMP] Mailbox is in inconsistent state' },
    });
    expect(r.status).toBe(EXIT.failure);
    expect(r.err).toMatch(/^error: QUIT answered -ERR \(Mailbox is in inconsistent state\)/);
    expect(r.err).not.toContain('message(s) could not be processed');
    // Nothing was deleted: QUIT was refused, so the server kept both messages.
    expect(server.mailbox()).toHaveLength(2);
  });

  it('counts the messages the server would not send', async () => {
    const r = await syncAgainst({ errOn: { command: 'RETR', arg: '2' } });
    expect(r.status).toBe(EXIT.failure);
    expect(r.err).toBe('error: 1 message(s) could not be processed; see the errors above');
    expect(r.out).toContain('message m2: sys-temp: ');
  });

  it('says messages were left on the server when no error but a warning made it partial', async () => {
    // EXPIRE 0 and a size limit: a message over it cannot be read at all (TOP would delete it).
    const r = await syncAgainst(
      {},
      {
        server: {
          expireZero: true,
          capabilities: ['USER', 'UIDL', 'TOP', 'PIPELINING', 'EXPIRE 0'],
        },
        args: ['--max-size', '100'],
      },
    );
    expect(r.status).toBe(EXIT.failure);
    expect(r.out).toContain('is over the size limit');
    expect(r.err).toBe('error: message(s) were left on the server; see the warnings above');
  });
});
