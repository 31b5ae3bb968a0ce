// Retrieves a session's messages, a bounded window at a time, commits them in groups, and sends
// the DELE of each one whose own group committed it whole (when the plan deletes after commit). Never
// DELEs a message that is not stored whole; a failure of one message leaves it on the server.
import { parseInWorker } from '../mime';
import type { Pop3Client } from '../pop3';
import { contentKey, syntheticUidl } from './content-key';
import { readMessage, type Retrieved } from './read-message';
import { isSessionFailure } from './server-listing';
import type { SessionContext } from './session-context';
import { issueFrom } from './sync-types';

/** Messages retrieved, parsed or waiting for their commit at once: at most this many... */
const DEFAULT_WINDOW = 96;
/** ...and no more than this many octets by LIST's sizes (one message always goes alone). */
const WINDOW_OCTETS = 16 * 1024 * 1024;

/** One retrieval: a new message, a headers-only copy, the whole of a headers-only copy, or a
 * message only its bytes can identify (its key is then known or derived after RETR). */
export interface Fetch {
  n: number;
  size: number;
  /** null: keyed by the hash of its headers once retrieved (no UIDL, no TOP). */
  uidl: string | null;
  kind: 'new' | 'headers' | 'complete' | 'verify';
}

/** Octets a retrieval brings of the message's body: none for a headers-only copy (TOP n 0). */
export function bodyOctets(f: Fetch): number {
  return f.kind === 'headers' ? 0 : f.size;
}

export interface FetchOptions {
  /** DELE each message right after its commit (the 'delete' retention). */
  deleteAfterCommit: boolean;
  /** The UIDLs this session's listing names. */
  listed: Set<string>;
}

export async function fetchAll(
  session: SessionContext,
  client: Pop3Client,
  fetches: Fetch[],
  options: FetchOptions,
): Promise<void> {
  const window = session.deps.window ?? DEFAULT_WINDOW;
  let fatal: unknown = null;
  const inflight = new Set<Promise<void>>();
  let inflightOctets = 0;
  const one = async (f: Fetch) => {
    try {
      const whole = await fetchOne(session, client, f, options.listed);
      session.progress.messagesDone++;
      session.progress.octetsDone += bodyOctets(f);
      session.emitProgress();
      if (options.deleteAfterCommit && whole !== null && !client.closed)
        session.deles.push(session.dele(client, f.n, whole));
    } catch (e) {
      if (!isSessionFailure(e, client)) {
        session.result.errors.push(issueFrom(e, f.uidl ?? undefined));
      } else if (fatal === null) {
        fatal = e;
      }
    }
  };
  const octetsOf = (f: Fetch) => Math.min(bodyOctets(f), WINDOW_OCTETS);
  const full = (f: Fetch) =>
    inflight.size >= window || (inflight.size > 0 && inflightOctets + octetsOf(f) > WINDOW_OCTETS);
  for (const f of fetches) {
    if (fatal !== null) break;
    while (full(f)) await Promise.race(inflight);
    if (fatal !== null) break;
    session.fetching++;
    inflightOctets += octetsOf(f);
    const p: Promise<void> = one(f).finally(() => {
      inflight.delete(p);
      inflightOctets -= octetsOf(f);
      session.fetching--;
      session.commitIfAllWaiting();
    });
    inflight.add(p);
  }
  await Promise.all(inflight);
  session.groups.flush();
  if (fatal !== null) throw fatal;
}

/**
 * Retrieves and stores one message. Returns the key it is stored under when its exact bytes are
 * now stored whole (only then may it be deleted), else null.
 */
async function fetchOne(
  session: SessionContext,
  client: Pop3Client,
  f: Fetch,
  listed: Set<string>,
): Promise<string | null> {
  const { port, touchedNotStored } = session;
  touchedNotStored.add(f.n);
  let got: Retrieved;
  try {
    got = await readMessage(client, f, f.kind === 'headers', () =>
      port.stageBody(session.account.id),
    );
  } catch (e) {
    // An -ERR reply read nothing: the server did not touch the message.
    if (!isSessionFailure(e, client)) touchedNotStored.delete(f.n);
    throw e;
  }
  // A large body is staged in the store: whatever happens below, it is adopted or removed.
  try {
    return await storeOne(session, f, got, listed);
  } finally {
    got.discard();
  }
}

async function storeOne(
  session: SessionContext,
  f: Fetch,
  got: Retrieved,
  listed: Set<string>,
): Promise<string | null> {
  const { port, touchedNotStored } = session;
  const partial = f.kind === 'headers';
  const parsed = await parseInWorker(got.head);
  const key = contentKey(got.head);
  const uidl = f.uidl ?? syntheticUidl(key);
  if (!partial) session.retrievedNames.add(uidl);
  // A message stored before under a name no longer listed (a renamed UIDL, however it came):
  // only the same bytes count, or a headers-only copy, which these whole bytes then complete.
  // One indexed lookup per message, so it runs whether or not the listing looked renamed.
  let completes = f.kind === 'complete';
  const sha256 = got.sha256;
  if (!completes) {
    const ids = session.account.id;
    const linked =
      (partial ? null : port.linkByContentKey(ids, uidl, key, listed, { sha256 })) ??
      port.linkByContentKey(ids, uidl, key, listed, { headersOnlyCopy: true });
    if (linked !== null && (partial || !linked.partial)) {
      session.log.info(`UIDL ${uidl} is a stored message under a new name: not stored again`);
      touchedNotStored.delete(f.n);
      return partial ? null : uidl;
    }
    if (linked !== null) completes = true;
    if (partial && linkHeadersToWhole(session, uidl, key, listed)) {
      touchedNotStored.delete(f.n);
      return null;
    }
  }
  // Resolves once this message's group has committed: only then may its DELE be sent.
  const committed = session.groups.add(
    () =>
      port.commit({
        accountId: session.account.id,
        uidl,
        raw: got.bytes,
        sessionId: session.sessionId,
        parsed,
        contentKey: key,
        partial,
        replacePartial: completes,
        sha256,
      }),
    got.size,
  );
  session.commitIfAllWaiting();
  const stored = await committed;
  if (stored.inserted) session.result.retrieved++;
  if (partial) {
    touchedNotStored.delete(f.n);
    return null;
  }
  if (!stored.whole) {
    session.warn(
      `message ${f.n} (UIDL ${uidl}) could not be stored: its key already names a different message; left on the server`,
      true,
    );
    return null;
  }
  touchedNotStored.delete(f.n);
  return uidl;
}

/**
 * Headers that match a message stored whole under a name no longer listed: the same message
 * renamed, or another with equal headers. Linked, not stored again, and marked ambiguous in the
 * same transaction, so no DELE follows until a RETR has shown its own bytes are the stored ones.
 */
function linkHeadersToWhole(
  session: SessionContext,
  uidl: string,
  key: string,
  listed: Set<string>,
): boolean {
  const { port } = session;
  const ids = session.account.id;
  const linked = port.transaction(() => {
    const l = port.linkByContentKey(ids, uidl, key, listed, { wholeCopy: true });
    if (l !== null) port.markAmbiguous(ids, [uidl]);
    return l;
  });
  if (linked === null) return false;
  session.log.info(
    `UIDL ${uidl} has the headers of a message stored whole under a name no longer listed: linked to it, not stored again; deleted only after its bytes are downloaded and compared`,
  );
  return true;
}
