// Sends one outbox message in one SMTP session and records what happened, so that a message is
// never lost and never sent twice:
//   1. the message is already in the outbox, whole (queueMessage), before any connection;
//   2. claim: queued -> sending, atomically, so no second process or click sends it too;
//   3. just before the end of DATA is written: sending -> data-ended (durable first);
//   4. a 2xx reply: sent, with its copy in Sent, in one transaction;
//      no reply after the end of DATA: maybe-sent (the user decides; never resent silently);
//      anything else: queued again with the error, for a retry.
// A crash between any two steps leaves sending (-> queued) or data-ended (-> maybe-sent), which
// recoverAbandoned() settles at the next start.

import type { ConnectionOptions } from 'node:tls';
import type { Identity, OutboxItem, OutboxStatus } from '../../shared/model/identity';
import { parseMessage } from '../mime';
import type { Store } from '../store';
import {
  submitMessage,
  type ComposedMessage,
  type SmtpServer,
  type SubmitOutcome,
  type TranscriptLine,
} from '../smtp';
import { StoreError } from '../store';

export interface OutboxSenderDeps {
  store: Store;
  /** The SMTP password of the identity (its own, else its account's); null when none is known. */
  password(identity: Identity): string | null;
  /** Extra TLS options (tests trust their own CA). */
  tls?: ConnectionOptions;
  /** A certificate the user chose to trust by its SHA-256 fingerprint. */
  certFingerprint256?: string;
  timeouts?: SmtpServer['timeouts'];
  /** Each protocol-log line as it is said (the live log panel). */
  onLine?(sessionId: number, line: TranscriptLine): void;
}

export interface SendResult {
  id: number;
  status: OutboxStatus;
  messageId: string;
  sessionId: number;
  error: string | null;
  refused: string[];
}

/** Commits the complete message to the outbox; the same Message-ID twice stays one row. */
export function queueMessage(
  store: Store,
  identity: Identity,
  message: ComposedMessage,
  subject: string,
): OutboxItem {
  return store.outbox.enqueue({
    identityId: identity.id,
    messageId: message.messageId,
    raw: message.raw,
    envelopeFrom: message.envelope.from,
    envelopeTo: message.envelope.to,
    subject,
  });
}

export function smtpServerOf(
  identity: Identity,
  password: string | null,
  user: string | null,
  extra: Pick<OutboxSenderDeps, 'tls' | 'timeouts' | 'certFingerprint256'> = {},
): SmtpServer {
  return {
    host: identity.smtpHost,
    port: identity.smtpPort,
    security: identity.security,
    credentials:
      identity.auth === 'none' || password === null || user === null
        ? null
        : { user, pass: password },
    allowInsecurePassword: identity.allowInsecurePassword,
    ...(extra.tls ? { tls: extra.tls } : {}),
    ...(extra.certFingerprint256 ? { certFingerprint256: extra.certFingerprint256 } : {}),
    ...(extra.timeouts ? { timeouts: extra.timeouts } : {}),
  };
}

/** The user name for SMTP: the identity's own, else its account's POP3 one. */
export function smtpUserOf(store: Store, identity: Identity): string | null {
  if (identity.smtpUser) return identity.smtpUser;
  if (identity.accountId === null) return null;
  return store.accounts.get(identity.accountId)?.user ?? null;
}

const OUTCOME_WORD: Record<SubmitOutcome['kind'], 'sent' | 'not-sent' | 'maybe-sent'> = {
  accepted: 'sent',
  'not-sent': 'not-sent',
  'maybe-sent': 'maybe-sent',
};

export async function sendFromOutbox(
  deps: OutboxSenderDeps,
  outboxId: number,
): Promise<SendResult> {
  const { store } = deps;
  const item = store.outbox.get(outboxId);
  if (!item) throw new StoreError('not-found', `outbox message ${outboxId} does not exist`);
  const identity = store.identities.get(item.identityId);
  if (!identity) throw new StoreError('integrity', `identity ${item.identityId} is missing`);
  const raw = store.outbox.raw(outboxId) as Buffer;
  // Parsed before anything is sent, so recording "sent" with its Sent copy is one transaction.
  const parsed = await parseMessage(raw);

  const sessionId = store.sessions.startSmtp(identity.id, identity.accountId);
  const log = (line: TranscriptLine) => {
    store.sessions.appendLog(sessionId, [{ dir: line.dir, text: line.text, time: line.time }]);
    deps.onLine?.(sessionId, line);
  };
  const result = (status: OutboxStatus, error: string | null, refused: string[] = []) => ({
    id: outboxId,
    status,
    messageId: item.messageId,
    sessionId,
    error,
    refused,
  });

  if (!store.outbox.claim(outboxId, sessionId)) {
    const now = store.outbox.get(outboxId);
    const why = `not sent: it is ${now?.status ?? 'gone'}, not queued`;
    log({ time: Date.now(), dir: 'I', text: why });
    store.sessions.finish(sessionId, {
      outcome: 'error',
      errorKind: 'not-queued',
      errorMessage: why,
      reachedUpdate: false,
    });
    return result(now?.status ?? 'queued', why);
  }

  const user = smtpUserOf(store, identity);
  const password = identity.auth === 'none' ? null : deps.password(identity);
  if (identity.auth !== 'none' && (password === null || user === null)) {
    const why = password === null ? 'no password is stored for this identity' : 'no user name';
    log({ time: Date.now(), dir: 'I', text: `not connecting: ${why}` });
    store.outbox.requeue(outboxId, why);
    store.sessions.finish(sessionId, {
      outcome: 'not-sent',
      errorKind: 'auth',
      errorMessage: why,
      reachedUpdate: false,
    });
    return result('queued', why);
  }

  const { outcome, quitReply } = await submitMessage({
    server: smtpServerOf(identity, password, user, deps),
    envelope: { from: item.from, to: item.to },
    raw,
    onDataEnding: () => store.outbox.markDataEnding(outboxId),
    onLine: log,
  });

  let status: OutboxStatus;
  let error: string | null = null;
  let refused: string[] = [];
  if (outcome.kind === 'accepted') {
    refused = outcome.refused;
    store.batch(() => {
      const copy = store.importMessage({ folderId: store.folders.sent().id, raw, parsed });
      store.outbox.markSent(outboxId, outcome.reply, refused, copy.messageId);
    });
    status = 'sent';
  } else if (outcome.kind === 'maybe-sent') {
    error = outcome.failure.message;
    store.outbox.markMaybeSent(outboxId, error);
    status = 'maybe-sent';
  } else {
    error = outcome.failure.message;
    store.outbox.requeue(outboxId, error);
    status = 'queued';
  }
  store.sessions.finish(sessionId, {
    outcome: OUTCOME_WORD[outcome.kind],
    errorKind: outcome.kind === 'accepted' ? null : outcome.failure.kind,
    errorMessage: error,
    reachedUpdate: false,
    quitReply,
  });
  return result(status, error, refused);
}

/**
 * Settles what a process that died left behind: sending -> queued, data-ended -> maybe-sent, and
 * its sessions interrupted. Call at start-up and before listing the outbox.
 */
export function recoverOutbox(store: Store): number {
  const { recovered, sessionIds } = store.outbox.recoverAbandoned();
  for (const id of sessionIds) {
    const session = store.sessions.get(id);
    if (session?.outcome !== 'running') continue;
    store.sessions.appendLog(id, [
      { dir: 'I', text: 'the process sending this message ended before the session did' },
    ]);
    store.sessions.finish(id, { outcome: 'interrupted', reachedUpdate: false });
  }
  return recovered;
}
