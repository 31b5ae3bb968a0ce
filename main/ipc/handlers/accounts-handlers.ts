// accounts.*: the user's mailboxes, their passwords (through AccountSecrets) and "Test connection".
// Never stores a password without the user's consent when there is no OS keyring.
import type { AccountSettings } from '../../../shared/model/account';
import type { Services } from '../../services';
import { accountNextLogin } from '../../services';
import { AppFailure, conflict, notFound } from '../../errors';
import { SecretError } from '../../secrets';
import { accountView } from './account-view';
import { discoveryView } from './discovery-view';
import type { HandlerGroup } from './handler-group';
import { probeView } from './probe-view';

function requireStrongStorageOrConsent(services: Services, allowWeak: boolean): void {
  // Refused up front, consent or not: storing would only fail after the user agreed.
  if (services.secrets.protection === 'unavailable')
    throw new SecretError('unavailable', 'no system keyring can encrypt a password now');
  if (services.secrets.protection === 'weak' && !allowWeak)
    throw new AppFailure({
      kind: 'keyring-missing',
      message:
        'No system keyring is available: the password could only be stored obfuscated, not encrypted. Ask the user, then repeat with allowWeakSecretStorage.',
    });
}

export function accountsHandlers(services: Services): HandlerGroup<'accounts'> {
  const { store } = services;

  const getAccount = (id: number) => {
    const record = store.accounts.get(id);
    if (!record) throw notFound(`account ${id}`);
    return record;
  };

  return {
    'accounts.list': () => store.accounts.list().map(accountView),

    'accounts.add': ({ account, password, allowWeakSecretStorage }) => {
      requireStrongStorageOrConsent(services, allowWeakSecretStorage);
      const id = store.accounts.create(account).id;
      try {
        services.secrets.save(id, password);
      } catch (error) {
        // No account without its password: the user would only meet a credentials error later.
        store.accounts.remove(id);
        throw error;
      }
      services.scheduler.refresh();
      services.publishStatus(id);
      return accountView(getAccount(id));
    },

    'accounts.update': ({ id, changes, password, allowWeakSecretStorage }) => {
      getAccount(id);
      if (password !== undefined) requireStrongStorageOrConsent(services, allowWeakSecretStorage);
      store.accounts.update(id, changes);
      if (password !== undefined) services.secrets.save(id, password);
      services.scheduler.refresh();
      services.publishStatus(id);
      return accountView(getAccount(id));
    },

    'accounts.remove': ({ id, mail }) => {
      const account = getAccount(id);
      if (services.runner.isRunning(id))
        throw conflict('a sync of this account is running; try again when it has finished', 'busy');
      const label = account.name.trim() || `${account.user}@${account.host}`;
      const keptIn = store.removeAccount(id, mail, label);
      services.scheduler.refresh();
      return { keptIn };
    },

    'accounts.testConnection': async (arg) => {
      let settings: AccountSettings;
      let secret: string;
      if ('id' in arg) {
        const record = getAccount(arg.id);
        const stored = services.secrets.read(record.id);
        if (stored === null)
          throw new AppFailure({
            kind: 'credentials',
            message: `no password is stored for ${record.user}@${record.host}`,
            reason: 'no-secret',
          });
        settings = record;
        secret = stored;
      } else {
        settings = arg.account;
        secret = arg.password;
      }
      // A test of a mailbox Popline already syncs is a login to it like any other.
      const saved =
        'id' in arg
          ? getAccount(arg.id)
          : store.accounts
              .list()
              .find(
                (a) =>
                  a.user === settings.user && a.host === settings.host && a.port === settings.port,
              );
      if (saved) {
        // It must respect the server's LOGIN-DELAY like a sync...
        const allowed = accountNextLogin(saved);
        if (allowed !== null && allowed > services.clock.now())
          throw new AppFailure({
            kind: 'retry-later',
            message: `the server allows the next login at ${new Date(allowed).toISOString()}`,
            reason: 'login-delay',
            at: allowed,
          });
        // ...and never be a second login while a sync (here or in another process) holds the mailbox.
        if (services.runner.isRunning(saved.id) || !store.locks.tryAcquire(saved.id))
          throw conflict(
            'a sync of this account is running; try again when it has finished',
            'busy',
          );
      }
      try {
        const report = await services.probe({
          host: settings.host,
          port: settings.port,
          security: settings.security,
          ...(settings.certFingerprint256
            ? { certFingerprint256: settings.certFingerprint256 }
            : {}),
          user: settings.user,
          secret,
          method: settings.auth,
          allowInsecurePassword: settings.allowPlaintextPassword,
          ...services.connectOverrides,
        });
        if (saved) {
          // Recorded so the next sync waits out the server's LOGIN-DELAY.
          store.accounts.update(saved.id, {
            lastLoginAt: services.clock.now(),
            loginDelaySeconds: report.loginDelay,
            serverExpire: report.expire,
          });
          services.scheduler.refresh();
        }
        return probeView(report, settings, settings);
      } finally {
        if (saved) store.locks.release(saved.id);
      }
    },

    // An address without a domain is an invalid argument by the error table (main/errors).
    'accounts.discover': async ({ address, password, trust }) =>
      discoveryView(await services.discover(address, password, trust), services.clock.now()),
  };
}
