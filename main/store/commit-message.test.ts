import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../mime';
import { parsedMessage, rawMessage, storeWithAccount } from './store-test-support';

let env: ReturnType<typeof storeWithAccount>;
afterEach(() => env?.cleanup());

describe('commitMessage', () => {
  it('stores the row, the exact raw bytes, the search entry and the UIDL as committed', async () => {
    env = storeWithAccount();
    const { store, accountId } = env;
    const sessionId = store.sessions.start(accountId);
    // Bare LF, 8-bit bytes and a lone CR: the raw must come back byte for byte.
    const raw = Buffer.concat([
      Buffer.from('Subject: Invoice =?utf-8?q?M=C3=A4rz?=\nFrom: Bob <bob@example.org>\n\n'),
      Buffer.from([0xe9, 0x0d, 0x41, 0x0a]),
    ]);
    const parsed = await parseMessage(raw);
    const result = store.commitMessage({
      accountId,
      uidl: 'UID-1',
      raw,
      sessionId,
      parsed,
      contentKey: 'key-1',
      partial: false,
    });
    expect(result.inserted).toBe(true);
    expect(store.messages.raw(result.messageId)?.equals(raw)).toBe(true);
    expect(store.messages.get(result.messageId)).toMatchObject({
      uidl: 'UID-1',
      subject: 'Invoice März',
      from: { name: 'Bob', address: 'bob@example.org' },
      size: raw.length,
      sessionId,
      contentKey: 'key-1',
      read: false,
      headersOnly: false,
    });
    expect(store.uidl.get(accountId, 'UID-1')).toMatchObject({
      state: 'committed',
      messageId: result.messageId,
      contentKey: 'key-1',
    });
    expect(store.messages.list({ search: 'marz' }).map((m) => m.id)).toEqual([result.messageId]);
  });

  it('is idempotent per UIDL: a second commit returns the first message and stores nothing', () => {
    env = storeWithAccount();
    const { store, accountId } = env;
    const input = {
      accountId,
      uidl: 'UID-1',
      raw: rawMessage('once'),
      sessionId: null,
      parsed: parsedMessage({ subject: 'once' }),
      contentKey: null,
      partial: false,
    };
    const first = store.commitMessage(input);
    const second = store.commitMessage({ ...input, raw: rawMessage('twice') });
    expect(second).toEqual({ messageId: first.messageId, inserted: false });
    expect(store.messages.count()).toBe(1);
    expect(store.messages.raw(first.messageId)?.toString()).toContain('once');

    // Still true once DELE was sent and once the server confirmed it.
    store.uidl.markDeleSent(accountId, ['UID-1'], store.sessions.start(accountId));
    expect(store.commitMessage(input).inserted).toBe(false);
    store.uidl.markGone(accountId, ['UID-1']);
    expect(store.commitMessage(input).inserted).toBe(false);
    expect(store.messages.count()).toBe(1);
  });

  it('commits a UIDL that was only seen before, keeping the size the server listed', () => {
    env = storeWithAccount();
    const { store, accountId } = env;
    store.uidl.markSeen(accountId, [{ uidl: 'UID-7', size: 4242 }]);
    const result = store.commitMessage({
      accountId,
      uidl: 'UID-7',
      raw: rawMessage('seen first'),
      sessionId: null,
      parsed: parsedMessage(),
      contentKey: null,
      partial: false,
    });
    expect(result.inserted).toBe(true);
    expect(store.uidl.get(accountId, 'UID-7')).toMatchObject({ state: 'committed', size: 4242 });
  });

  it('stores nothing at all when a part of the transaction fails', () => {
    env = storeWithAccount();
    const { store, accountId, profile } = env;
    // Sabotage the last step (the UIDL row) from outside to prove the earlier ones roll back.
    const saboteur = new Database(profile.dbPath);
    saboteur.exec(`CREATE TRIGGER fail_uidl BEFORE INSERT ON uidl_state
      BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    saboteur.close();
    expect(() =>
      store.commitMessage({
        accountId,
        uidl: 'UID-1',
        raw: rawMessage('doomed'),
        sessionId: null,
        parsed: parsedMessage({ subject: 'doomed' }),
        contentKey: null,
        partial: false,
      }),
    ).toThrow('disk on fire');
    expect(store.messages.count()).toBe(0);
    expect(store.messages.count({ search: 'doomed' })).toBe(0);
    expect(store.uidl.forAccount(accountId).size).toBe(0);
  });

  it('refuses a commit for an account that does not exist with a typed error', () => {
    env = storeWithAccount();
    expect(() =>
      env.store.commitMessage({
        accountId: 999,
        uidl: 'x',
        raw: rawMessage('x'),
        sessionId: null,
        parsed: parsedMessage(),
        contentKey: null,
        partial: false,
      }),
    ).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });
});

describe('completePartial', () => {
  it('replaces a headers-only copy with the whole message, keeping its id and read flag', () => {
    env = storeWithAccount();
    const { store, accountId } = env;
    const { messageId } = store.commitMessage({
      accountId,
      uidl: 'BIG',
      raw: Buffer.from('Subject: big\r\n\r\n'),
      sessionId: null,
      parsed: parsedMessage({ subject: 'big', bodyText: '', snippet: '' }),
      contentKey: 'k',
      partial: true,
    });
    store.messages.requestFullFetch([messageId]);
    store.messages.setRead([messageId], true);
    expect(store.messages.get(messageId)).toMatchObject({
      headersOnly: true,
      fetchRequested: true,
    });

    const full = rawMessage('big', 'zeppelin blueprint');
    const replaced = store.completePartial({
      messageId,
      raw: full,
      sessionId: null,
      parsed: parsedMessage({ subject: 'big', bodyText: 'zeppelin blueprint' }),
    });
    expect(replaced).toBe(true);
    expect(store.messages.raw(messageId)?.equals(full)).toBe(true);
    expect(store.messages.get(messageId)).toMatchObject({
      headersOnly: false,
      fetchRequested: false,
      read: true,
      size: full.length,
    });
    expect(store.messages.list({ search: 'zeppelin' }).map((m) => m.id)).toEqual([messageId]);
    expect(
      store.completePartial({ messageId, raw: full, sessionId: null, parsed: parsedMessage() }),
    ).toBe(false);
  });
});
