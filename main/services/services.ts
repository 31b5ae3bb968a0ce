// The main-process services one host (Electron or the browser bridge) runs: store, secrets,
// sync runner, scheduler and event bus, wired together. Never imports electron; the host
// passes in what differs (cipher, platform, and the sync and probe functions).
import type { AccountSyncStatus, SyncOverview } from '../../shared/model/sync-status';
import type { Store } from '../store';
import { runProbe, type AuthOptions, type ConnectOptions, type ProbeReport } from '../pop3';
import { discoverServer, type DiscoveryResult, type TrustedServer } from '../autoconfig';
import { systemClock, type Clock } from '../scheduler';
import { nextAllowedLogin } from '../../shared/model/login-pacing';
import { createScheduler, type Scheduler } from '../scheduler';
import type { AppInfo } from '../../shared/model/app-info';
import type { RemoteImage } from '../../shared/model/remote-image';
import { fetchRemoteImages } from '../remote-content';
import { createStoreSecretVault, type SecretCipher } from '../secrets';
import { createAccountSecrets, type AccountSecrets } from './account-secrets';
import { createAccountsService, type AccountsService } from './accounts';
import { createSendingService, type SendingService } from './sending';
import { createEventBus, type EventBus } from './event-bus';
import type { Platform } from './platform';
import { readSettings } from './settings';
import { retryAtOf } from './sync-report';
import { defaultRunSync } from './default-sync';
import { createSyncRunner, type RunSync, type SyncRunner } from './sync-runner';

export type FetchImagesFn = (urls: readonly string[]) => Promise<RemoteImage[]>;
export type ProbeFn = (options: ConnectOptions & AuthOptions) => Promise<ProbeReport>;
/** Finds the server for an e-mail address and tries the password on the best one. */
export type DiscoverFn = (
  address: string,
  secret: string,
  trusted?: TrustedServer,
) => Promise<DiscoveryResult>;

export interface ServicesOptions {
  store: Store;
  /** Encrypts passwords before they reach SQLite (safeStorage in Electron, a key file in the bridge). */
  cipher: SecretCipher;
  /** How the host judges that protection; 'weak' makes accounts.add ask the user first. */
  secretProtection: AppInfo['secretStorage'];
  platform: Platform;
  version: string;
  /** One POP3 session for an account; default: main/sync over this store (default-sync.ts). */
  runSync?: RunSync;
  probe?: ProbeFn;
  /** Default: DNS SRV look-ups and the usual names, with `connectOverrides`. */
  discover?: DiscoverFn;
  /** Transport options for tests (a test CA, short timeouts). */
  connectOverrides?: Partial<ConnectOptions>;
  /** SMTP TLS options for tests (a test CA). */
  smtpTls?: import('node:tls').ConnectionOptions;
  /**
   * How "Load remote content" fetches images; default: fetchRemoteImages with no options (public
   * addresses only). Only a host's start-up code sets this (tests); never settings or IPC.
   */
  fetchImages?: FetchImagesFn;
  clock?: Clock;
  /** For the main-process log; never shown to the renderer as is. */
  onInternalError?(context: string, error: unknown): void;
}

export interface Services {
  readonly store: Store;
  readonly secrets: AccountSecrets;
  /** The user's mailboxes: add, change, remove, test, discover. */
  readonly accounts: AccountsService;
  /** Identities, compose, the outbox (SMTP). */
  readonly sending: SendingService;
  readonly platform: Platform;
  readonly events: EventBus;
  readonly runner: SyncRunner;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly version: string;
  readonly probe: ProbeFn;
  readonly discover: DiscoverFn;
  readonly connectOverrides: Partial<ConnectOptions>;
  readonly fetchImages: FetchImagesFn;
  status(accountId: number): AccountSyncStatus;
  overview(): SyncOverview;
  /** Announces an account's status to the renderer (after a change). */
  publishStatus(accountId: number): void;
  /** Starts the scheduler (and with it the start-up sync). */
  start(): void;
  /**
   * Stops scheduling, waits for running syncs (at most maxWaitMs when given), closes the store.
   * Resolves false when a sync was still running at the limit: its session row is then closed
   * as 'interrupted' by the next sync of the account, as after a crash.
   */
  close(options?: { maxWaitMs?: number }): Promise<boolean>;
}

export function createServices(options: ServicesOptions): Services {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const events = createEventBus((error) => options.onInternalError?.('event listener', error));
  const vault = createStoreSecretVault(store.accounts, options.cipher);
  const secrets = createAccountSecrets(vault, options.secretProtection);
  const runSync =
    options.runSync ??
    defaultRunSync({
      store,
      vault,
      connectOverrides: options.connectOverrides ?? {},
      now: () => clock.now(),
    });

  // The closures below meet `scheduler` only when called, after it exists.
  const status = (accountId: number): AccountSyncStatus => {
    const account = store.accounts.get(accountId);
    return {
      accountId,
      state: runner.phase(accountId),
      nextScheduledAt: scheduler.nextCheckAt(accountId),
      nextAllowedLoginAt: account ? nextAllowedLogin(account) : null,
      lastOutcome: runner.lastReport(accountId),
    };
  };
  const publishStatus = (accountId: number): void => {
    if (store.accounts.get(accountId)) events.emit('account.status', status(accountId));
  };

  const runner = createSyncRunner({
    runSync,
    events,
    now: () => clock.now(),
    onStatusChange: publishStatus,
    onFinished(accountId, report) {
      scheduler.noteChecked(accountId, retryAtOf(report));
      if (report.retrieved > 0) {
        const latest = store.messages
          .list({ accountId, limit: 3, sort: 'date', order: 'desc' })
          .map((m) => ({ id: m.id, from: m.from, subject: m.subject }));
        events.emit('mail.new', { accountId, count: report.retrieved, latest });
      }
    },
  });

  const scheduler: Scheduler = createScheduler({
    clock,
    listAccounts: () =>
      store.accounts
        .list()
        // An interval of 0 (possible from the command line) means "only when asked".
        .filter((a) => a.checkIntervalSeconds > 0)
        .map((a) => ({
          id: a.id,
          checkIntervalSeconds: a.checkIntervalSeconds,
          lastLoginAt: a.lastLoginAt,
          loginDelaySeconds: a.loginDelaySeconds,
          loginDeferredUntil: a.loginDeferredUntil,
        })),
    runSync: async (accountId) => ({ retryAt: retryAtOf(await runner.run(accountId)) }),
    checkAtStartup: () => readSettings(store.settings).syncOnStartup,
    onPlanChange: (accountId) => publishStatus(accountId),
  });

  const probe = options.probe ?? runProbe;
  const discover: DiscoverFn =
    options.discover ??
    ((address, secret, trusted) =>
      discoverServer(address, secret, { connectOptions: options.connectOverrides ?? {} }, trusted));
  const accounts = createAccountsService({
    store,
    secrets,
    scheduler,
    runner,
    probe,
    discover,
    connectOverrides: options.connectOverrides ?? {},
    now: () => clock.now(),
    publishStatus,
  });

  const sending = createSendingService({
    store,
    accountSecrets: secrets,
    identityVault: createStoreSecretVault(
      {
        readSecret: (id) => store.identities.readSecret(id),
        writeSecret: (id, secret) => store.identities.writeSecret(id, secret),
      },
      options.cipher,
    ),
    events,
    ...(options.smtpTls ? { tls: options.smtpTls } : {}),
  });

  return {
    store,
    secrets,
    accounts,
    sending,
    platform: options.platform,
    events,
    runner,
    scheduler,
    clock,
    version: options.version,
    probe,
    discover,
    connectOverrides: options.connectOverrides ?? {},
    fetchImages: options.fetchImages ?? ((urls) => fetchRemoteImages(urls)),
    status,
    overview: () => ({
      online: scheduler.online,
      paused: scheduler.suspended || !scheduler.online,
      accounts: store.accounts.list().map((a) => status(a.id)),
    }),
    publishStatus,
    start: () => scheduler.start(),
    async close(closeOptions = {}) {
      scheduler.stop();
      const { maxWaitMs } = closeOptions;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit =
        maxWaitMs === undefined
          ? new Promise<never>(() => undefined)
          : new Promise<false>((resolve) => {
              timer = setTimeout(() => resolve(false), maxWaitMs);
            });
      const ended = await Promise.race([runner.idle().then(() => true as const), limit]);
      clearTimeout(timer);
      store.close();
      return ended;
    },
  };
}
