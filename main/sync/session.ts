// One POP3 session from login to its end: log in, list, plan, fetch and commit, DELE what is
// stored, end (session-end.ts). Every path ends with the socket closed and the row finished.
import { DEFAULT_MAX_MESSAGE_OCTETS, Pop3Client, Pop3Error, sessionDeadline } from '../pop3';
import { bodyOctets, fetchAll, type Fetch } from './fetch-messages';
import { nextAllowedLogin } from '../../shared/model/login-pacing';
import type { Retention } from '../../shared/model/account';
import { planSession, withRelinked } from './plan';
import { relinkRenamed } from './relink';
import { authOptionsOf, connectOptionsOf } from './login-options';
import { isSessionFailure, listServer, type ServerListing } from './server-listing';
import { SessionContext } from './session-context';
import { closeRowAfterFailure, endSession } from './session-end';
import type { SyncAccount } from './sync-port';
import { issueFrom, type SyncDeps, type SyncIssue, type SyncResult } from './sync-types';

/** Without a server value, how long to wait after a [LOGIN-DELAY] refusal. */
const DEFAULT_LOGIN_DELAY_S = 300;

export async function runSession(
  deps: SyncDeps,
  account: SyncAccount,
  secret: string,
  now: () => number,
): Promise<SyncResult> {
  const session = new SessionContext(deps, account, now);
  let fatal: SyncIssue | null = null;
  session.port.durability('deferred');
  try {
    await transact(session, secret);
  } catch (e) {
    fatal = issueFrom(e);
    session.result.errors.push(fatal);
    if (e instanceof Pop3Error && e.kind === 'login-delay') deferAfterRefusal(session);
  }
  try {
    await endSession(session, fatal);
  } catch (e) {
    // The store failed while closing: still no open socket and no session left "running".
    session.client?.close();
    session.result.errors.push(issueFrom(e));
    session.result.outcome = 'error';
    closeRowAfterFailure(session, e);
  } finally {
    // Every path ends here with the socket closed (after QUIT, or without it).
    session.client?.close();
    session.port.durability('full');
  }
  return session.result;
}

async function transact(session: SessionContext, secret: string): Promise<void> {
  const client = await logIn(session, secret);
  const listing = await listServer(client, {
    noTop: session.expireZero,
    info: (t) => session.log.info(t),
  });
  const { plan, listed } = await planFor(session, client, listing);
  const fetches = fetchesFor(session, plan, listing);
  // Messages already committed go first; DELE is pipelined with the retrievals that follow.
  session.deles.push(...plan.dele.map((m) => session.dele(client, m.n, m.uidl)));
  session.result.skipped = plan.kept;
  session.progress.messagesTotal = fetches.length;
  session.progress.octetsTotal = fetches.reduce((s, f) => s + bodyOctets(f), 0);
  // The session's time grows with what there is to fetch (each size capped: LIST may lie).
  const octets = fetches.reduce((s, f) => s + Math.min(f.size, DEFAULT_MAX_MESSAGE_OCTETS), 0);
  client.setDeadline(sessionDeadline({ octets }));
  session.emitProgress();
  await fetchAll(session, client, fetches, {
    deleteAfterCommit: plan.deleteAfterCommit,
    listed,
  });
  await Promise.all(session.deles);
}

/** Connect, authenticate and learn the server's LOGIN-DELAY and EXPIRE (recorded at once). */
async function logIn(session: SessionContext, secret: string): Promise<Pop3Client> {
  const a = session.account;
  const account = connectOptionsOf(a);
  session.client = await Pop3Client.connect({
    ...account,
    onLog: session.log.protocol,
    ...session.deps.connectOptions,
    // The account's pinned certificate wins over a default from the caller.
    ...(account.certFingerprint256 ? { certFingerprint256: account.certFingerprint256 } : {}),
  });
  const client = session.client;
  await client.authenticate(authOptionsOf(a, secret));
  if (client.capabilities.raw.length === 0) {
    // CAPA refused before login may have been a passing failure: EXPIRE 0 must not go unseen.
    try {
      await client.refreshCapabilities();
    } catch (e) {
      if (isSessionFailure(e, client)) throw e;
    }
  }
  const caps = client.capabilities;
  const loginDelay = caps.loginDelay?.seconds ?? null;
  session.port.recordLogin(a.id, session.now(), { loginDelay, expire: caps.expire?.days ?? null });
  session.result.nextAllowedLogin = nextAllowedLogin({
    lastLoginAt: session.now(),
    loginDelaySeconds: loginDelay,
    loginDeferredUntil: null,
  });
  session.expireZero = caps.expire?.days === 0;
  const warning = expireWarning(caps.expire?.days, a.retention);
  if (warning) {
    session.result.warnings.push(warning);
    session.log.info(`warning: ${warning}`);
  }
  return client;
}

/** The plan for this listing, with what it learned recorded (seen, ambiguous, gone, renamed). */
async function planFor(session: SessionContext, client: Pop3Client, listing: ServerListing) {
  const { port, account: a } = session;
  for (const s of listing.skipped) session.warn(s.reason, true);
  let plan = planSession({
    server: listing.keyed,
    known: port.known(a.id),
    retention: a.retention,
    maxMessageSize: a.maxMessageSize,
    now: session.now(),
    noTop: session.expireZero,
  });
  port.markSeen(a.id, listing.keyed);
  if (plan.ambiguous.length) {
    port.markAmbiguous(a.id, plan.ambiguous);
    session.warn(
      `the server lists ${plan.ambiguous.map((u) => `UIDL ${u}`).join(', ')} for more than one message: such messages are identified by their bytes, downloaded each session and deleted only once stored`,
      false,
    );
  }
  // Keys we could not see are not proof that a message left the server.
  const complete = listing.skipped.length === 0 && listing.unkeyed.length === 0;
  if (complete && plan.vanished.length) port.markGone(a.id, plan.vanished, session.now());
  const listed = new Set(listing.keyed.map((m) => m.uidl));
  if (complete && plan.possibleUidlChange && !session.expireZero && !plan.deleteAfterCommit)
    plan = withRelinked(plan, await relinkRenamed(session, client, plan, listed));
  return { plan, listed };
}

/** What to retrieve: whole copies first, then new, unsure and headers-only messages. */
function fetchesFor(
  session: SessionContext,
  plan: ReturnType<typeof planSession>,
  listing: ServerListing,
): Fetch[] {
  for (const u of plan.untouched) session.warn(`${u.reason}: left on the server`, true);
  const fetches: Fetch[] = [
    ...plan.complete.map((m) => ({ ...m, kind: 'complete' as const })),
    ...plan.retrieve.map((m) => ({ ...m, kind: 'new' as const })),
    ...plan.verify.map((m) => ({ ...m, kind: 'verify' as const })),
    ...plan.headersOnly.map((m) => ({ ...m, kind: 'headers' as const })),
  ];
  const maxMessageSize = session.account.maxMessageSize;
  for (const u of listing.unkeyed) {
    if (maxMessageSize !== null && u.size > maxMessageSize) {
      session.warn(
        `message ${u.n} can only be identified by downloading it, and it is over the size limit: left on the server`,
        true,
      );
    } else fetches.push({ ...u, uidl: null, kind: 'verify' });
  }
  return fetches;
}

function deferAfterRefusal(session: SessionContext): void {
  const delay = session.account.loginDelaySeconds ?? DEFAULT_LOGIN_DELAY_S;
  const until = session.now() + delay * 1000;
  session.port.deferLogin(session.account.id, until);
  session.result.nextAllowedLogin = until;
}

/** What the server's EXPIRE means for this account's retention, if the user must know. */
function expireWarning(expire: number | 'never' | undefined, policy: Retention): string | null {
  if (expire === undefined || expire === 'never') return null;
  if (expire === 0 && (policy.mode === 'keep' || policy.mode === 'keep-days'))
    return 'the server deletes messages once they are retrieved (EXPIRE 0): leaving mail on the server cannot work';
  if (expire === 0)
    return 'the server deletes every message it sends when the session ends (EXPIRE 0): Popline reads no headers alone there and quits only once all it read is stored';
  if (policy.mode === 'keep-days' && policy.days > expire)
    return `the server keeps retrieved mail for ${expire} day(s), less than the ${policy.days} this account asks for`;
  return null;
}
