import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from './store-error';
import { parsedMessage, rawMessage, storeWithAccount } from './store-test-support';

let env: ReturnType<typeof storeWithAccount>;
afterEach(() => env?.cleanup());

describe('store errors', () => {
  it("raises a failure of SQLite itself as StoreError 'storage', its cause kept", () => {
    env = storeWithAccount();
    const { store, accountId, profile } = env;
    const saboteur = new Database(profile.dbPath);
    saboteur.exec(`CREATE TRIGGER fail_uidl BEFORE INSERT ON uidl_state
      BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    saboteur.close();
    let thrown: unknown;
    try {
      store.commitMessage({
        accountId,
        uidl: 'UID-1',
        raw: rawMessage('doomed'),
        sessionId: null,
        parsed: parsedMessage({ subject: 'doomed' }),
        contentKey: null,
        partial: false,
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(StoreError);
    expect(thrown).toMatchObject({ kind: 'storage', message: 'disk on fire' });
    expect((thrown as StoreError).cause).toMatchObject({ name: 'SqliteError' });
  });

  it('keeps its own typed errors and lets other errors through unchanged', () => {
    env = storeWithAccount();
    const { store } = env;
    store.folders.create('Bills');
    expect(() => store.batch(() => store.folders.create('Bills'))).toThrow(
      expect.objectContaining({ kind: 'duplicate-folder' }),
    );
    const bug = new TypeError('not a store failure');
    expect(() =>
      store.batch(() => {
        throw bug;
      }),
    ).toThrow(bug);
  });
});
