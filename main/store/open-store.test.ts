import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyPragmas,
  CACHE_SIZE_KIB,
  openStore,
  setDurability,
  SYNC_CACHE_SIZE_KIB,
  WAL_CHECKPOINT_PAGES,
} from './open-store';
import { tempProfile, type TempProfile } from './store-test-support';

let profile: TempProfile;
afterEach(() => profile?.remove());

describe('openStore', () => {
  it('sets WAL, synchronous FULL, foreign keys and a busy timeout on the connection', () => {
    profile = tempProfile();
    const db = new Database(profile.dbPath);
    applyPragmas(db, 1234);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.pragma('cache_size', { simple: true })).toBe(CACHE_SIZE_KIB);
    // MEMORY (2): savepoint journals are not a temporary file per message.
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    db.close();
  });

  it('defers fsync and checkpoints and shrinks the page cache while the sync asks, fsyncs again before QUIT with the checkpoint still waiting, and goes back after', () => {
    profile = tempProfile();
    const db = new Database(profile.dbPath);
    applyPragmas(db, 1000);
    const now = () => ({
      synchronous: db.pragma('synchronous', { simple: true }),
      checkpoint: db.pragma('wal_autocheckpoint', { simple: true }),
      cache: db.pragma('cache_size', { simple: true }),
    });
    setDurability(db, 'deferred');
    expect(now()).toEqual({
      synchronous: 1,
      checkpoint: WAL_CHECKPOINT_PAGES.deferred,
      cache: SYNC_CACHE_SIZE_KIB,
    });
    // Before QUIT: every commit fsynced again, but no checkpoint yet.
    setDurability(db, 'barrier');
    expect(now()).toEqual({
      synchronous: 2,
      checkpoint: WAL_CHECKPOINT_PAGES.deferred,
      cache: SYNC_CACHE_SIZE_KIB,
    });
    setDurability(db, 'full');
    expect(now()).toEqual({ synchronous: 2, checkpoint: 1000, cache: CACHE_SIZE_KIB });
    db.close();
  });

  it('creates the file in WAL mode at the latest schema', () => {
    profile = tempProfile();
    const store = openStore(profile.dbPath);
    store.close();
    store.close(); // closing twice is harmless
    const db = new Database(profile.dbPath, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(store.schemaVersion);
    db.close();
  });

  it('runs a batch in one transaction: a throw inside undoes all of it', () => {
    profile = tempProfile();
    const store = openStore(profile.dbPath);
    try {
      expect(() =>
        store.batch(() => {
          store.settings.set('a', 1);
          throw new Error('abort');
        }),
      ).toThrow('abort');
      expect(store.settings.get('a')).toBeUndefined();
      expect(store.batch(() => (store.settings.set('a', 2), 'done'))).toBe('done');
      expect(store.settings.get('a')).toBe(2);
    } finally {
      store.close();
    }
  });

  it('runs allOrNothing with nested batches inline: no savepoint of their own, a throw undoes all', () => {
    profile = tempProfile();
    const store = openStore(profile.dbPath);
    try {
      const nestedFails = (key: string) => () => {
        try {
          store.batch(() => {
            store.settings.set(key, 1);
            throw new Error('inner');
          });
        } catch {
          /* the caller carries on */
        }
        return store.settings.get(key);
      };
      // A batch's nested batch is a savepoint: its write is undone. Inline, it is not...
      expect(store.batch(nestedFails('a'))).toBeUndefined();
      expect(store.allOrNothing(nestedFails('b'))).toBe(1);
      // ...and a throw out of allOrNothing undoes everything, the inline writes with it.
      expect(() =>
        store.allOrNothing(() => {
          store.settings.set('outer', 1);
          store.batch(() => store.settings.set('nested', 1));
          throw new Error('abort');
        }),
      ).toThrow('abort');
      expect([store.settings.get('outer'), store.settings.get('nested')]).toEqual([
        undefined,
        undefined,
      ]);
      // Outside it, batches take their savepoints again.
      expect(store.batch(nestedFails('c'))).toBeUndefined();
    } finally {
      store.close();
    }
  });
});
