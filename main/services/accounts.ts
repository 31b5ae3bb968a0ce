// The user's mailboxes: add, change, remove, "Test connection" and discovery. Owns the rules a
// handler must not: no password stored without the user's consent when there is no OS keyring,
// and a test login is a login like a sync's (it waits out LOGIN-DELAY, never runs beside a sync,
// and is recorded so the next sync waits in turn).
import type { AccountChanges, AccountSettings } from '../../shared/model/account';
import type { Folder } from '../../shared/model/folder';
import type { DiscoveryResult, TrustedServer } from '../autoconfig';
import { AppFailure, conflict, notFound } from '../errors';
import type { ProbeReport } from '../pop3';
import type { Scheduler } from '../scheduler';
import { SecretError } from '../secrets';
import type { AccountRecord, Store } from '../store';
import { nextAllowedLogin } from '../../shared/model/login-pacing';
import { authOptionsOf, connectOptionsOf } from '../sync';
import type { AccountSecrets } from './account-secrets';
import type { DiscoverFn, ProbeFn } from './services';
import type { SyncRunner } from './sync-runner';

export type ConnectionTarget = { id: number } | { account: AccountSettings; password: string };

export interface AccountsService {
  list(): AccountRecord[];
  /** Throws not-found. */
  get(id: number): AccountRecord;
  add(settings: AccountSettings, password: string, allowWeakSecretStorage: boolean): AccountRecord;
  update(
    id: number,
    changes: AccountChanges,
    password: string | undefined,
    allowWeakSecretStorage: boolean,
  ): AccountRecord;
  /** Refused (conflict 'busy') while a sync of the account runs. */
  remove(id: number, mail: 'keep' | 'delete'): { keptIn: Folder | null };
  /** One login with the settings; for a saved mailbox, paced and locked like a sync. */
  testConnection(target: ConnectionTarget): Promise<{
    report: ProbeReport;
    settings: AccountSettings;
  }>;
  discover(address: string, password: string, trust?: TrustedServer): Promise<DiscoveryResult>;
}

export interface AccountsDeps {
  store: Store;
  secrets: AccountSecrets;
  scheduler: Pick<Scheduler, 'refresh'>;
  runner: Pick<SyncRunner, 'isRunning'>;
  probe: ProbeFn;
  discover: DiscoverFn;
  connectOverrides: Parameters<ProbeFn>[0] extends infer O ? Partial<O> : never;
  now(): number;
  publishStatus(accountId: number): void;
}

const BUSY = 'a sync of this account is running; try again when it has finished';

export function createAccountsService(deps: AccountsDeps): AccountsService {
  const { store, secrets } = deps;

  const get = (id: number): AccountRecord => {
    const record = store.accounts.get(id);
    if (!record) throw notFound(`account ${id}`);
    return record;
  };

  const requireStrongStorageOrConsent = (allowWeak: boolean): void => {
    // Refused up front, consent or not: storing would only fail after the user agreed.
    if (secrets.protection === 'unavailable')
      throw new SecretError('unavailable', 'no system keyring can encrypt a password now');
    if (secrets.protection === 'weak' && !allowWeak)
      throw new AppFailure({
        kind: 'keyring-missing',
        message:
          'No system keyring is available: the password could only be stored obfuscated, not encrypted. Ask the user, then repeat with allowWeakSecretStorage.',
      });
  };

  const changed = (id: number): AccountRecord => {
    deps.scheduler.refresh();
    deps.publishStatus(id);
    return get(id);
  };

  /** The saved mailbox a connection test logs in to, if any (by id, or a draft naming one). */
  const savedMailbox = (target: ConnectionTarget, settings: AccountSettings) =>
    'id' in target
      ? get(target.id)
      : store.accounts.findByIdentity(settings.user, settings.host, settings.port);

  return {
    list: () => store.accounts.list(),
    get,

    add(settings, password, allowWeak) {
      requireStrongStorageOrConsent(allowWeak);
      const id = store.accounts.create(settings).id;
      try {
        secrets.save(id, password);
      } catch (error) {
        // No account without its password: the user would only meet a credentials error later.
        store.accounts.remove(id);
        throw error;
      }
      return changed(id);
    },

    update(id, changes, password, allowWeak) {
      get(id);
      if (password !== undefined) requireStrongStorageOrConsent(allowWeak);
      store.accounts.update(id, changes);
      if (password !== undefined) secrets.save(id, password);
      return changed(id);
    },

    remove(id, mail) {
      const account = get(id);
      if (deps.runner.isRunning(id)) throw conflict(BUSY, 'busy');
      const label = account.name.trim() || `${account.user}@${account.host}`;
      const keptIn = store.removeAccount(id, mail, label);
      deps.scheduler.refresh();
      return { keptIn };
    },

    async testConnection(target) {
      let settings: AccountSettings;
      let secret: string;
      if ('id' in target) {
        const record = get(target.id);
        const stored = secrets.read(record.id);
        if (stored === null)
          throw new AppFailure({
            kind: 'credentials',
            message: `no password is stored for ${record.user}@${record.host}`,
            reason: 'no-secret',
          });
        settings = record;
        secret = stored;
      } else {
        settings = target.account;
        secret = target.password;
      }
      const saved = savedMailbox(target, settings);
      if (saved) {
        const allowed = nextAllowedLogin(saved);
        if (allowed !== null && allowed > deps.now())
          throw new AppFailure({
            kind: 'retry-later',
            message: `the server allows the next login at ${new Date(allowed).toISOString()}`,
            reason: 'login-delay',
            at: allowed,
          });
        // Never a second login while a sync (here or in another process) holds the mailbox.
        if (deps.runner.isRunning(saved.id) || !store.locks.tryAcquire(saved.id))
          throw conflict(BUSY, 'busy');
      }
      try {
        const report = await deps.probe({
          ...connectOptionsOf(settings),
          ...authOptionsOf(settings, secret),
          ...deps.connectOverrides,
        });
        if (saved) {
          store.accounts.recordLogin(saved.id, deps.now(), {
            loginDelay: report.loginDelay,
            expire: report.expire,
          });
          deps.scheduler.refresh();
        }
        return { report, settings };
      } finally {
        if (saved) store.locks.release(saved.id);
      }
    },

    discover: (address, password, trust) => deps.discover(address, password, trust),
  };
}
