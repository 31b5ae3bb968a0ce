// How a session ends: every commit made durable, the accepted DELEs recorded, then QUIT (or a log
// line saying why not), the session row closed with its outcome. A deletion counts as done only
// when QUIT answers +OK; QUIT is withheld when the server would delete something not yet stored.
import { Pop3Error, type Pop3Client } from '../pop3';
import type { SessionContext } from './session-context';
import { issueFrom, type SyncIssue } from './sync-types';

/** Protocol logs kept per account: at least the newest `keep` sessions, and all from `days`. */
const SESSION_HISTORY = { keep: 200, days: 90 };

/** Why a session ended without QUIT, in the words of its closing log line. */
function whyNoQuit(e: unknown): string {
  if (!(e instanceof Pop3Error)) return `internal error (${String(e)})`;
  const what: Partial<Record<string, string>> = {
    connection: 'connection lost',
    timeout: 'deadline passed',
    protocol: 'protocol error',
    tls: 'TLS failure',
  };
  return `${what[e.kind] ?? e.kind} (${e.message})`;
}

export async function endSession(session: SessionContext, fatal: SyncIssue | null): Promise<void> {
  await Promise.all(session.deles);
  const holdQuit = makeDurable(session);
  const client = session.client;
  let quitReply: string | null = null;
  if (!client) {
    session.log.info(`no QUIT: no connection was made (${fatal?.message ?? 'not connected'})`);
  } else if (holdQuit !== null) {
    closeWithoutQuit(session, client, holdQuit, fatal);
  } else {
    quitReply = await quit(session, client, fatal);
  }
  if (!session.result.reachedUpdate) undoUnappliedDeles(session);
  closeRow(session, fatal, quitReply);
}

/**
 * The durability barrier: every commit on disk and the accepted DELEs recorded before QUIT lets
 * the server delete. Returns why QUIT must not be sent even though the link is up (null: safe).
 */
function makeDurable(session: SessionContext): string | null {
  const { port, result } = session;
  let holdQuit: string | null = null;
  if (session.expireZero && session.touchedNotStored.size > 0) {
    const ns = [...session.touchedNotStored].sort((x, y) => x - y).join(', ');
    holdQuit = `the server deletes every message it sent at QUIT (EXPIRE 0), and message(s) ${ns} were read but not stored`;
  }
  try {
    port.durability('barrier');
    port.transaction(() => {
      session.log.flush();
      if (session.deleAccepted.length)
        port.markDeleSent(session.account.id, session.deleAccepted, session.sessionId);
    });
  } catch (e) {
    result.errors.push(issueFrom(e));
    holdQuit = `the deletions could not be recorded (${e instanceof Error ? e.message : String(e)})`;
  }
  return holdQuit;
}

function closeWithoutQuit(
  session: SessionContext,
  client: Pop3Client,
  holdQuit: string,
  fatal: SyncIssue | null,
): void {
  if (!client.closed) {
    client.close();
    session.log.info(`no QUIT: ${holdQuit}; closed the connection so the server deletes nothing`);
  } else {
    session.log.info(`no QUIT: ${holdQuit}; the connection was already closed`);
  }
  if (!fatal)
    session.result.errors.push({
      kind: 'internal',
      message: `session closed without QUIT: ${holdQuit}`,
    });
}

/**
 * QUIT even after an error while the link is alive: every DELE sent was for a stored message, so
 * reaching UPDATE is safe, and QUIT stays in the log (the founding bug). Returns its reply.
 */
async function quit(
  session: SessionContext,
  client: Pop3Client,
  fatal: SyncIssue | null,
): Promise<string | null> {
  const { result } = session;
  const wasClosed = client.closed;
  let quitReply: string | null = null;
  try {
    const reply = await client.quit();
    quitReply = `${reply.ok ? '+OK' : '-ERR'} ${reply.text}`.trim();
    if (reply.ok) {
      result.reachedUpdate = true;
      result.deleted = session.deleAccepted.length;
      // EXPIRE 0: what RETR read is gone too. Its name listed again later is then another message
      // under a reused name until its bytes say otherwise, never one to DELE unread.
      const gone = session.expireZero
        ? [...new Set([...session.deleAccepted, ...session.retrievedNames])]
        : session.deleAccepted;
      if (gone.length) session.port.markGone(session.account.id, gone, session.now());
    } else {
      result.errors.push({
        kind: 'server',
        message: `QUIT answered -ERR (${reply.text}): deletions were not confirmed and will be checked next session`,
      });
    }
  } catch (e) {
    session.log.info(
      wasClosed
        ? `no QUIT: ${whyNoQuit(e)}`
        : `no reply to QUIT: ${whyNoQuit(e)}; whether the server applied the deletions is checked next session`,
    );
    if (!fatal) result.errors.push(issueFrom(e));
  }
  return quitReply;
}

/** Without UPDATE the server applied no DELE: the messages stay committed for the next session. */
function undoUnappliedDeles(session: SessionContext): void {
  const marked = session.deleAccepted;
  if (marked.length) session.port.revertDeleSent(session.account.id, session.sessionId);
  const shown = marked.slice(0, 20).join(', ') + (marked.length > 20 ? ', …' : '');
  session.log.info(
    marked.length
      ? `session ended without reaching UPDATE: DELE of ${marked.length} message(s) not applied (${shown}); they stay committed and are deleted next session`
      : 'session ended without reaching UPDATE: nothing was deleted from the server',
  );
}

function closeRow(
  session: SessionContext,
  fatal: SyncIssue | null,
  quitReply: string | null,
): void {
  const r = session.result;
  // "ok" only for a session that reached UPDATE cleanly and skipped nothing.
  if (fatal || (!r.reachedUpdate && quitReply === null)) r.outcome = 'error';
  else if (!r.reachedUpdate || r.errors.length || session.skippedWithWarning) r.outcome = 'partial';
  else r.outcome = 'ok';
  session.log.flush();
  const first = r.errors[0];
  session.port.finishSession(session.sessionId, {
    endedAt: session.now(),
    outcome: r.outcome === 'ok' || r.outcome === 'partial' ? r.outcome : 'error',
    retrieved: r.retrieved,
    deleted: r.deleted,
    skipped: r.skipped,
    reachedUpdate: r.reachedUpdate,
    quitReply,
    errorKind: first?.kind ?? null,
    errorMessage: first?.message ?? null,
  });
  const before = session.now() - SESSION_HISTORY.days * 86_400_000;
  session.port.pruneSessions(session.account.id, SESSION_HISTORY.keep, before);
}

/** The store failed while ending the session: still no session row left "running". */
export function closeRowAfterFailure(session: SessionContext, e: unknown): void {
  const { port, result } = session;
  try {
    session.log.info(`session ended by an internal failure: ${String(e)}`);
    session.log.flush();
  } catch {
    /* the row below still closes the session */
  }
  try {
    port.revertDeleSent(session.account.id, session.sessionId);
    port.finishSession(session.sessionId, {
      endedAt: session.now(),
      outcome: 'error',
      retrieved: result.retrieved,
      deleted: result.deleted,
      skipped: result.skipped,
      reachedUpdate: result.reachedUpdate,
      quitReply: null,
      errorKind: 'store',
      errorMessage: e instanceof Error ? e.message : String(e),
    });
  } catch {
    // Nothing more can be written now: the next sync's closeInterrupted closes the row.
  }
}
