import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { openStore } from '../open-store';
import {
  accountSettings,
  identitySettings,
  tempProfile,
  type TempProfile,
} from '../store-test-support';
import { MIGRATIONS } from './index';
import { databaseAt, insertAccount } from './migration-test-support';

const PIN = Array.from({ length: 32 }, (_, i) => (i + 16).toString(16).toUpperCase()).join(':');
const HEX_PIN = 'ab'.repeat(32);

let db: Database.Database;
beforeEach(() => {
  db = databaseAt(7);
});
afterEach(() => db.close());

const insertIdentity = (accountId: number | null, address: string) =>
  Number(
    db
      .prepare(
        `INSERT INTO identities (account_id, address, smtp_host, smtp_port, security, created_at)
         VALUES (?, ?, 'smtp.example.org', 587, 'starttls', 1)`,
      )
      .run(accountId, address).lastInsertRowid,
  );

describe('migration 0008-identity-certificates', () => {
  it('moves each existing identity’s well-formed pin from the settings map into its row, and drops the map', () => {
    const ann = insertIdentity(insertAccount(db, 'ann'), 'ann@example.org');
    const bob = insertIdentity(insertAccount(db, 'bob'), 'bob@example.org');
    const cat = insertIdentity(null, 'cat@example.org');
    const pins = { [ann]: PIN, [bob]: 'not a fingerprint', [cat]: HEX_PIN, 99: PIN };
    db.prepare("INSERT INTO settings (key, value) VALUES ('smtpTrustedCertificates', ?)").run(
      JSON.stringify(pins),
    );
    db.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')").run();

    migrate(db, MIGRATIONS, 8);
    expect(schemaVersion(db)).toBe(8);
    expect(
      db.prepare('SELECT id, cert_fingerprint256 AS pin FROM identities ORDER BY id').all(),
    ).toEqual([
      { id: ann, pin: PIN },
      { id: bob, pin: null },
      { id: cat, pin: HEX_PIN },
    ]);
    expect(db.prepare('SELECT key FROM settings').all()).toEqual([{ key: 'theme' }]);
    expect(() =>
      db.prepare("UPDATE identities SET cert_fingerprint256 = 'AB:CD' WHERE id = ?").run(ann),
    ).toThrow(/CHECK/);
  });

  it('migrates a store that never trusted a certificate', () => {
    insertIdentity(insertAccount(db), 'ann@example.org');
    migrate(db, MIGRATIONS, 8);
    expect(db.prepare('SELECT cert_fingerprint256 AS pin FROM identities').all()).toEqual([
      { pin: null },
    ]);
  });
});

describe('a trusted SMTP certificate after 0008', () => {
  let profile: TempProfile;
  beforeEach(() => {
    profile = tempProfile();
  });
  afterEach(() => profile.remove());

  it('goes with its identity: an identity given the same id later starts without a pin', () => {
    const store = openStore(profile.dbPath);
    try {
      const identity = (accountId: number) => store.identities.upsert(identitySettings(accountId));
      const first = identity(store.accounts.create(accountSettings({ user: 'ann' })).id);
      store.identities.trustCertificate(first.id, PIN);
      expect(store.identities.get(first.id)?.certFingerprint256).toBe(PIN);

      store.accounts.remove(first.accountId!);
      const second = identity(store.accounts.create(accountSettings({ user: 'bob' })).id);
      // SQLite hands the freed id out again: the pin must not come with it.
      expect(second.id).toBe(first.id);
      expect(second.certFingerprint256).toBeNull();
      expect(() => store.identities.trustCertificate(999, PIN)).toThrow(/does not exist/);
    } finally {
      store.close();
    }
  });
});
