// The accounts table: the user's settings for each mailbox plus what the server told us about it.
// Never returns the stored secret with an account (only hasSecret); the vault reads it separately.

import type Database from 'better-sqlite3';
import type {
  Account,
  AccountChanges,
  AccountSettings,
  AuthMethod,
  Retention,
  SecurityMode,
} from '../../shared/model/account';
import { StoreError, sqliteCode } from './store-error';

/** EXPIRE from CAPA: days, 'never', or null when the server did not say. */
export type ServerExpire = number | 'never' | null;

/** The contract's Account plus what only main needs. */
export interface AccountRecord extends Account {
  serverExpire: ServerExpire;
  /** The server answered [LOGIN-DELAY]: no login before this time, epoch ms. */
  loginDeferredUntil: number | null;
  /** Which SecretCipher wrote the stored secret; null when none is stored. */
  secretScheme: string | null;
  createdAt: number;
}

/** Facts learned from the server, written by the sync after a login. */
export interface AccountServerState {
  lastLoginAt?: number | null;
  loginDelaySeconds?: number | null;
  serverExpire?: ServerExpire;
  loginDeferredUntil?: number | null;
}

export type AccountUpdate = AccountChanges & AccountServerState;

export interface StoredSecret {
  cipher: Buffer;
  scheme: string;
}

export interface AccountsRepo {
  /** Throws StoreError 'duplicate-account' when (user, host, port) exists already. */
  create(settings: AccountSettings): AccountRecord;
  /** Creates the account, or updates the one with the same (user, host, port). */
  upsertByIdentity(settings: AccountSettings): AccountRecord;
  get(id: number): AccountRecord | undefined;
  findByIdentity(user: string, host: string, port: number): AccountRecord | undefined;
  list(): AccountRecord[];
  /** Changes only the fields given; throws StoreError 'not-found' or 'duplicate-account'. */
  update(id: number, changes: AccountUpdate): AccountRecord;
  /**
   * A login the server accepted (a sync's or a "Test connection"'s), with what its CAPA said: the
   * next login waits out its LOGIN-DELAY, and an earlier [LOGIN-DELAY] refusal no longer holds.
   */
  recordLogin(
    id: number,
    at: number,
    server: { loginDelay: number | null; expire: ServerExpire },
  ): AccountRecord;
  /** Removes the account with its messages, UIDL state and sessions. */
  remove(id: number): boolean;
  readSecret(id: number): StoredSecret | undefined;
  /** null clears it. Throws StoreError 'not-found'. */
  writeSecret(id: number, secret: StoredSecret | null): void;
}

interface AccountDbRow {
  id: number;
  name: string;
  host: string;
  port: number;
  security: string;
  auth_method: string;
  user: string;
  allow_insecure_password: number;
  cert_fingerprint256: string | null;
  retention: string;
  keep_days: number | null;
  check_interval_s: number;
  max_size: number | null;
  has_secret: number;
  secret_scheme: string | null;
  last_login_at: number | null;
  server_login_delay_s: number | null;
  login_deferred_until: number | null;
  server_expire: string | null;
  created_at: number;
}

/** Every column but the secret itself, in the shape of AccountDbRow. */
const COLUMNS = `id, name, host, port, security, auth_method, user, allow_insecure_password,
  cert_fingerprint256, retention, keep_days, check_interval_s, max_size,
  secret_cipher IS NOT NULL AS has_secret, secret_scheme, last_login_at, server_login_delay_s,
  login_deferred_until, server_expire, created_at`;

function retentionOf(row: AccountDbRow): Retention {
  switch (row.retention) {
    case 'keep-days':
      return { mode: 'keep-days', days: row.keep_days ?? 0 };
    case 'keep':
    case 'delete':
    case 'delete-when-deleted-locally':
      return { mode: row.retention };
    default:
      throw new StoreError('integrity', `account ${row.id} has unknown retention ${row.retention}`);
  }
}

function toRecord(row: AccountDbRow): AccountRecord {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    // The CHECK constraints and the contract's schemas keep these within their unions.
    security: row.security as SecurityMode,
    auth: row.auth_method as AuthMethod,
    user: row.user,
    allowInsecurePassword: row.allow_insecure_password === 1,
    retention: retentionOf(row),
    maxMessageSize: row.max_size,
    checkIntervalSeconds: row.check_interval_s,
    certFingerprint256: row.cert_fingerprint256,
    hasSecret: row.has_secret === 1,
    lastLoginAt: row.last_login_at,
    loginDelaySeconds: row.server_login_delay_s,
    serverExpire:
      row.server_expire === null
        ? null
        : row.server_expire === 'NEVER'
          ? 'never'
          : Number(row.server_expire),
    loginDeferredUntil: row.login_deferred_until,
    secretScheme: row.secret_scheme,
    createdAt: row.created_at,
  };
}

/** Named parameters for the full-row INSERT/UPDATE statements. */
function toParams(record: Omit<AccountRecord, 'hasSecret' | 'secretScheme'>) {
  return {
    id: record.id,
    name: record.name,
    host: record.host.trim().toLowerCase(),
    port: record.port,
    security: record.security,
    auth_method: record.auth,
    user: record.user,
    allow_insecure_password: record.allowInsecurePassword ? 1 : 0,
    cert_fingerprint256: record.certFingerprint256,
    retention: record.retention.mode,
    keep_days: record.retention.mode === 'keep-days' ? record.retention.days : null,
    check_interval_s: record.checkIntervalSeconds,
    max_size: record.maxMessageSize,
    last_login_at: record.lastLoginAt,
    server_login_delay_s: record.loginDelaySeconds,
    login_deferred_until: record.loginDeferredUntil,
    server_expire:
      record.serverExpire === null
        ? null
        : record.serverExpire === 'never'
          ? 'NEVER'
          : String(record.serverExpire),
    created_at: record.createdAt,
  };
}

function translate(error: unknown, what: string): never {
  const code = sqliteCode(error);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
    throw new StoreError(
      'duplicate-account',
      `${what}: an account for that user, host and port exists`,
      {
        cause: error,
      },
    );
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    throw new StoreError('invalid-input', `${what}: ${(error as Error).message}`, { cause: error });
  }
  throw error;
}

export function createAccountsRepo(db: Database.Database, now: () => number): AccountsRepo {
  const byId = db.prepare<[number], AccountDbRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`);
  const byIdentity = db.prepare<[string, string, number], AccountDbRow>(
    `SELECT ${COLUMNS} FROM accounts WHERE user = ? AND host = ? AND port = ?`,
  );
  const all = db.prepare<[], AccountDbRow>(`SELECT ${COLUMNS} FROM accounts ORDER BY id`);
  const insert = db.prepare(`
    INSERT INTO accounts (name, host, port, security, auth_method, user, allow_insecure_password,
      cert_fingerprint256, retention, keep_days, check_interval_s, max_size, last_login_at,
      server_login_delay_s, login_deferred_until, server_expire, created_at)
    VALUES (@name, @host, @port, @security, @auth_method, @user, @allow_insecure_password,
      @cert_fingerprint256, @retention, @keep_days, @check_interval_s, @max_size, @last_login_at,
      @server_login_delay_s, @login_deferred_until, @server_expire, @created_at)`);
  const updateRow = db.prepare(`
    UPDATE accounts SET name = @name, host = @host, port = @port, security = @security,
      auth_method = @auth_method, user = @user, allow_insecure_password = @allow_insecure_password,
      cert_fingerprint256 = @cert_fingerprint256, retention = @retention, keep_days = @keep_days,
      check_interval_s = @check_interval_s, max_size = @max_size, last_login_at = @last_login_at,
      server_login_delay_s = @server_login_delay_s, login_deferred_until = @login_deferred_until,
      server_expire = @server_expire
    WHERE id = @id`);
  const deleteRow = db.prepare<[number]>('DELETE FROM accounts WHERE id = ?');
  const secretOf = db.prepare<
    [number],
    { secret_cipher: Buffer | null; secret_scheme: string | null }
  >('SELECT secret_cipher, secret_scheme FROM accounts WHERE id = ?');
  const setSecret = db.prepare<[Buffer | null, string | null, number]>(
    'UPDATE accounts SET secret_cipher = ?, secret_scheme = ? WHERE id = ?',
  );

  const get = (id: number) => {
    const row = byId.get(id);
    return row ? toRecord(row) : undefined;
  };

  const create = (settings: AccountSettings): AccountRecord => {
    try {
      const result = insert.run(
        toParams({
          ...settings,
          id: 0,
          lastLoginAt: null,
          loginDelaySeconds: null,
          serverExpire: null,
          loginDeferredUntil: null,
          createdAt: now(),
        }),
      );
      return get(Number(result.lastInsertRowid)) as AccountRecord;
    } catch (error) {
      return translate(error, 'create account');
    }
  };

  const update = db.transaction((id: number, changes: AccountUpdate): AccountRecord => {
    const current = get(id);
    if (!current) throw new StoreError('not-found', `account ${id} does not exist`);
    const defined = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined),
    ) as AccountUpdate;
    try {
      updateRow.run(toParams({ ...current, ...defined, id }));
    } catch (error) {
      translate(error, 'update account');
    }
    return get(id) as AccountRecord;
  });

  const findByIdentity = (user: string, host: string, port: number) => {
    const row = byIdentity.get(user, host.trim().toLowerCase(), port);
    return row ? toRecord(row) : undefined;
  };

  return {
    create,
    upsertByIdentity: db.transaction((settings: AccountSettings) => {
      const existing = findByIdentity(settings.user, settings.host, settings.port);
      return existing ? update(existing.id, settings) : create(settings);
    }),
    get,
    findByIdentity,
    list: () => all.all().map(toRecord),
    update,
    recordLogin: (id, at, server) =>
      update(id, {
        lastLoginAt: at,
        loginDelaySeconds: server.loginDelay,
        serverExpire: server.expire,
        loginDeferredUntil: null,
      }),
    remove: (id) => deleteRow.run(id).changes > 0,
    readSecret(id) {
      const row = secretOf.get(id);
      if (!row || row.secret_cipher === null || row.secret_scheme === null) return undefined;
      return { cipher: row.secret_cipher, scheme: row.secret_scheme };
    },
    writeSecret(id, secret) {
      const result = setSecret.run(secret?.cipher ?? null, secret?.scheme ?? null, id);
      if (result.changes === 0) throw new StoreError('not-found', `account ${id} does not exist`);
    },
  };
}
