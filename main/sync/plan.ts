// Decides what one session does with each message on the server, from the server's listing and
// what SQLite already knows. Pure: no I/O. It never plans a DELE for a message not yet committed.
import type { Retention } from '../../shared/model/account';
import { baseUidl } from '../store';

export type UidlStateName = 'seen' | 'committed' | 'dele-sent' | 'gone';

export interface ServerMessage {
  n: number;
  uidl: string;
  size: number;
}

export interface KnownUidl {
  state: UidlStateName;
  committedAt: number | null;
  /** When a session first listed it: keep-days counts from here. */
  firstSeenAt: number;
  /** Only the headers are stored (size limit): its body still lives only on the server. */
  partial: boolean;
  deletedLocally: boolean;
  /** The user asked to delete it from the server. */
  deleteRequested: boolean;
  /** The user asked for the whole of a headers-only message. */
  fetchRequested: boolean;
  /** Once listed for two or more messages, or linked by headers alone: never decides a DELE alone. */
  ambiguous: boolean;
}

export interface PlanInput {
  server: ServerMessage[];
  known: ReadonlyMap<string, KnownUidl>;
  retention: Retention;
  /** Messages larger than this are fetched headers-only (TOP n 0); null means no limit. */
  maxMessageSize: number | null;
  now: number;
  /** TOP must not be sent (EXPIRE 0: the server deletes at QUIT whatever TOP touched). */
  noTop?: boolean;
}

export interface SyncPlan {
  /** New messages to RETR, in server order. */
  retrieve: ServerMessage[];
  /** New messages over the size limit: TOP n 0 only. */
  headersOnly: ServerMessage[];
  /** Headers-only messages the user asked for in full: RETR, then replace the partial copy. */
  complete: ServerMessage[];
  /**
   * Messages their UIDL cannot vouch for (listed twice, once ambiguous, or back after they were
   * gone): RETR, stored once by their bytes, DELE'd only once those bytes are stored whole.
   */
  verify: ServerMessage[];
  /** Retrieved messages are deleted in this session right after their commit. */
  deleteAfterCommit: boolean;
  /** Already-committed messages the policy (or the user) wants deleted now. */
  dele: ServerMessage[];
  /** Committed messages left on the server by the policy. */
  kept: number;
  /** Left on the server untouched, each with the reason a warning gives. */
  untouched: Array<{ m: ServerMessage; reason: string }>;
  /** UIDLs this listing gives to more than one message. */
  ambiguous: string[];
  /** Known messages no longer on the server: their state becomes 'gone'. */
  vanished: string[];
  /** Committed UIDLs that vanished while unknown UIDLs appeared: the server may have renumbered. */
  possibleUidlChange: boolean;
}

const DAY_MS = 86_400_000;

/** A message is stored for this key (state alone is not enough: 'gone' may never have been committed). */
export function isCommitted(k: KnownUidl | undefined): k is KnownUidl {
  return k !== undefined && k.state !== 'seen' && k.committedAt !== null;
}

function policyDeletes(policy: Retention, k: KnownUidl, now: number): boolean {
  if (k.deleteRequested) return true;
  // A headers-only copy is not the message: deleting it from the server would lose the body.
  if (k.partial) return false;
  switch (policy.mode) {
    case 'delete':
      return true;
    case 'keep':
      return false;
    case 'keep-days':
      return k.firstSeenAt + policy.days * DAY_MS <= now;
    case 'delete-when-deleted-locally':
      return k.deletedLocally;
  }
}

export function planSession(input: PlanInput): SyncPlan {
  const plan: SyncPlan = {
    retrieve: [],
    headersOnly: [],
    complete: [],
    verify: [],
    deleteAfterCommit: input.retention.mode === 'delete',
    dele: [],
    kept: 0,
    untouched: [],
    ambiguous: [],
    vanished: [],
    possibleUidlChange: false,
  };
  const listed = new Map<string, number>();
  for (const m of input.server) listed.set(m.uidl, (listed.get(m.uidl) ?? 0) + 1);
  plan.ambiguous = [...listed].filter(([, n]) => n > 1).map(([uidl]) => uidl);
  let unknown = 0;
  for (const m of input.server) {
    const k = input.known.get(m.uidl);
    const oversize = input.maxMessageSize !== null && m.size > input.maxMessageSize;
    const twice = (listed.get(m.uidl) ?? 0) > 1;
    if (twice || k?.ambiguous || (k?.state === 'gone' && isCommitted(k))) {
      if (!isCommitted(k)) unknown++;
      if (!oversize) plan.verify.push(m);
      else {
        const why = twice
          ? 'is listed for more than one message'
          : k?.ambiguous
            ? 'cannot vouch for it alone (once listed twice, or matched by its headers only)'
            : 'came back';
        plan.untouched.push({
          m,
          reason: `message ${m.n}: UIDL ${m.uidl} ${why}, so only its whole bytes can identify it, and it is over the size limit`,
        });
      }
      continue;
    }
    if (!isCommitted(k)) {
      unknown++;
      if (!oversize) plan.retrieve.push(m);
      else if (!input.noTop) plan.headersOnly.push(m);
      else
        plan.untouched.push({
          m,
          reason: `message ${m.n} (UIDL ${m.uidl}) is over the size limit, and the server deletes whatever TOP reads (EXPIRE 0)`,
        });
      continue;
    }
    // committed, or dele-sent (its session never confirmed).
    if (k.partial && k.fetchRequested && !k.deleteRequested) {
      plan.complete.push(m);
      continue;
    }
    if (policyDeletes(input.retention, k, input.now)) plan.dele.push(m);
    else plan.kept++;
  }
  let vanishedCommitted = 0;
  for (const [uidl, k] of input.known) {
    if (k.state === 'gone' || listed.has(baseUidl(uidl))) continue;
    plan.vanished.push(uidl);
    if (isCommitted(k)) vanishedCommitted++;
  }
  plan.possibleUidlChange = unknown > 0 && vanishedCommitted > 0;
  return plan;
}

/** A planned fetch found already stored under another name (see relink.ts). */
export interface Relinked {
  m: ServerMessage;
  /** What it was linked to is a headers-only copy. */
  partial: boolean;
}

/**
 * The plan once some new messages turned out to be stored already under a renamed UIDL: they are
 * no longer fetched, except the body of one whose stored copy is only its headers. A new plan;
 * the given one is left as it was.
 */
export function withRelinked(plan: SyncPlan, relinked: readonly Relinked[]): SyncPlan {
  if (relinked.length === 0) return plan;
  const linked = new Set(relinked.map((r) => r.m));
  const complete = [...plan.complete];
  let kept = plan.kept;
  for (const { m, partial } of relinked) {
    // A headers-only copy is not the message: its body is still only on the server.
    if (partial && plan.retrieve.includes(m)) complete.push(m);
    else kept++;
  }
  return {
    ...plan,
    retrieve: plan.retrieve.filter((m) => !linked.has(m)),
    headersOnly: plan.headersOnly.filter((m) => !linked.has(m)),
    complete,
    kept,
  };
}
