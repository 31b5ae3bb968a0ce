// The identities table: who sends and through which SMTP server. Never returns a stored secret
// with an identity (only hasOwnSecret); the vault reads it separately.

import type Database from 'better-sqlite3';
import type { Identity, IdentitySettings } from '../../shared/model/identity';
import type { StoredSecret } from './accounts-repo';
import { StoreError } from './store-error';

export interface IdentitiesRepo {
  get(id: number): Identity | undefined;
  ofAccount(accountId: number): Identity | undefined;
  list(): Identity[];
  /** The identity of the account (replaced), or for no account the one with this server, user and address. */
  upsert(settings: IdentitySettings): Identity;
  readSecret(id: number): StoredSecret | undefined;
  /** Pins (or with null unpins) the SMTP server certificate the user trusted for this identity. */
  trustCertificate(id: number, fingerprint256: string | null): void;
  writeSecret(id: number, secret: StoredSecret | null): void;
}

interface IdentityDbRow {
  id: number;
  account_id: number | null;
  name: string;
  address: string;
  smtp_host: string;
  smtp_port: number;
  security: Identity['security'];
  allow_insecure_password: number;
  auth: Identity['auth'];
  smtp_user: string | null;
  has_secret: number;
  cert_fingerprint256: string | null;
}

const SELECT = `SELECT id, account_id, name, address, smtp_host, smtp_port, security,
  allow_insecure_password, auth, smtp_user, secret_cipher IS NOT NULL AS has_secret,
  cert_fingerprint256 FROM identities`;

function toIdentity(row: IdentityDbRow): Identity {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    address: row.address,
    smtpHost: row.smtp_host,
    smtpPort: row.smtp_port,
    security: row.security,
    allowInsecurePassword: row.allow_insecure_password === 1,
    auth: row.auth,
    smtpUser: row.smtp_user,
    hasOwnSecret: row.has_secret === 1,
    certFingerprint256: row.cert_fingerprint256,
  };
}

export function createIdentitiesRepo(db: Database.Database, now: () => number): IdentitiesRepo {
  const byId = db.prepare<[number], IdentityDbRow>(`${SELECT} WHERE id = ?`);
  const byAccount = db.prepare<[number], IdentityDbRow>(`${SELECT} WHERE account_id = ?`);
  const byServer = db.prepare<[string | null, string, number, string], IdentityDbRow>(
    `${SELECT} WHERE account_id IS NULL AND smtp_user IS ? AND smtp_host = ? AND smtp_port = ?
       AND address = ? COLLATE NOCASE`,
  );
  const all = db.prepare<[], IdentityDbRow>(
    `${SELECT} ORDER BY account_id IS NULL, account_id, id`,
  );
  const insert = db.prepare(`INSERT INTO identities (account_id, name, address, smtp_host,
      smtp_port, security, allow_insecure_password, auth, smtp_user, created_at)
    VALUES (@account_id, @name, @address, @smtp_host, @smtp_port, @security,
      @allow_insecure_password, @auth, @smtp_user, @created_at)`);
  const update = db.prepare(`UPDATE identities SET name = @name, address = @address,
      smtp_host = @smtp_host, smtp_port = @smtp_port, security = @security,
      allow_insecure_password = @allow_insecure_password, auth = @auth, smtp_user = @smtp_user
    WHERE id = @id`);
  const secretOf = db.prepare<
    [number],
    { secret_cipher: Buffer | null; secret_scheme: string | null }
  >('SELECT secret_cipher, secret_scheme FROM identities WHERE id = ?');
  const setSecret = db.prepare<[Buffer | null, string | null, number]>(
    'UPDATE identities SET secret_cipher = ?, secret_scheme = ? WHERE id = ?',
  );

  const setCertificate = db.prepare<[string | null, number]>(
    'UPDATE identities SET cert_fingerprint256 = ? WHERE id = ?',
  );

  const get = (id: number) => {
    const row = byId.get(id);
    return row ? toIdentity(row) : undefined;
  };

  return {
    get,
    ofAccount(accountId) {
      const row = byAccount.get(accountId);
      return row ? toIdentity(row) : undefined;
    },
    list: () => all.all().map(toIdentity),
    upsert: db.transaction((settings: IdentitySettings): Identity => {
      const params = {
        account_id: settings.accountId,
        name: settings.name,
        address: settings.address,
        smtp_host: settings.smtpHost,
        smtp_port: settings.smtpPort,
        security: settings.security,
        allow_insecure_password: settings.allowInsecurePassword ? 1 : 0,
        auth: settings.auth,
        smtp_user: settings.smtpUser,
      };
      if (settings.accountId === null && settings.smtpUser === null && settings.auth !== 'none') {
        throw new StoreError('invalid-input', 'an identity without an account needs a user name');
      }
      const existing =
        settings.accountId === null
          ? byServer.get(settings.smtpUser, settings.smtpHost, settings.smtpPort, settings.address)
          : byAccount.get(settings.accountId);
      if (existing) {
        update.run({ ...params, id: existing.id });
        return get(existing.id) as Identity;
      }
      const id = Number(insert.run({ ...params, created_at: now() }).lastInsertRowid);
      return get(id) as Identity;
    }),
    readSecret(id) {
      const row = secretOf.get(id);
      if (!row?.secret_cipher || !row.secret_scheme) return undefined;
      return { cipher: row.secret_cipher, scheme: row.secret_scheme };
    },
    trustCertificate(id, fingerprint256) {
      if (setCertificate.run(fingerprint256, id).changes === 0)
        throw new StoreError('not-found', `identity ${id} does not exist`);
    },
    writeSecret(id, secret) {
      const changed = setSecret.run(secret?.cipher ?? null, secret?.scheme ?? null, id).changes;
      if (changed === 0) throw new StoreError('not-found', `identity ${id} does not exist`);
    },
  };
}
