// Decides what one session does with each message on the server, from the server's listing and
// what SQLite already knows. Pure: no I/O. It never plans a DELE for a message not yet committed.

export type RetentionPolicy =
  | { kind: 'delete' }
  | { kind: 'keep' }
  | { kind: 'keep-days'; days: number }
  | { kind: 'delete-when-deleted-locally' };

export type UidlStateName = 'seen' | 'committed' | 'dele-sent' | 'gone';

export interface ServerMessage {
  n: number;
  uidl: string;
  size: number;
}

export interface KnownUidl {
  state: UidlStateName;
  committedAt: number | null;
  /** Only the headers are stored (size limit): its body still lives only on the server. */
  partial: boolean;
  deletedLocally: boolean;
  /** The user asked to delete it from the server. */
  deleteRequested: boolean;
  /** The user asked for the whole of a headers-only message. */
  fetchRequested: boolean;
}

export interface PlanInput {
  server: ServerMessage[];
  known: ReadonlyMap<string, KnownUidl>;
  policy: RetentionPolicy;
  /** Messages larger than this are fetched headers-only (TOP n 0); null means no limit. */
  maxSize: number | null;
  now: number;
}

export interface SyncPlan {
  /** New messages to RETR, in server order. */
  retrieve: ServerMessage[];
  /** New messages over the size limit: TOP n 0 only. */
  headersOnly: ServerMessage[];
  /** Headers-only messages the user asked for in full: RETR, then replace the partial copy. */
  complete: ServerMessage[];
  /** Retrieved messages are deleted in this session right after their commit. */
  deleteAfterCommit: boolean;
  /** Already-committed messages the policy (or the user) wants deleted now. */
  dele: ServerMessage[];
  /** Committed messages left on the server by the policy. */
  kept: number;
  /** Known messages no longer on the server: their state becomes 'gone'. */
  vanished: string[];
  /** Committed UIDLs that vanished while unknown UIDLs appeared: the server may have renumbered. */
  possibleUidlChange: boolean;
}

const DAY_MS = 86_400_000;

function policyDeletes(policy: RetentionPolicy, k: KnownUidl, now: number): boolean {
  if (k.deleteRequested) return true;
  // A headers-only copy is not the message: deleting it from the server would lose the body.
  if (k.partial) return false;
  switch (policy.kind) {
    case 'delete':
      return true;
    case 'keep':
      return false;
    case 'keep-days':
      return k.committedAt !== null && k.committedAt + policy.days * DAY_MS <= now;
    case 'delete-when-deleted-locally':
      return k.deletedLocally;
  }
}

export function planSession(input: PlanInput): SyncPlan {
  const plan: SyncPlan = {
    retrieve: [],
    headersOnly: [],
    complete: [],
    deleteAfterCommit: input.policy.kind === 'delete',
    dele: [],
    kept: 0,
    vanished: [],
    possibleUidlChange: false,
  };
  const onServer = new Set<string>();
  let unknown = 0;
  for (const m of input.server) {
    onServer.add(m.uidl);
    const k = input.known.get(m.uidl);
    if (!k || k.state === 'seen') {
      unknown++;
      if (input.maxSize !== null && m.size > input.maxSize) plan.headersOnly.push(m);
      else plan.retrieve.push(m);
      continue;
    }
    // committed, dele-sent (its session never confirmed) or gone (yet still listed): all committed.
    if (k.partial && k.fetchRequested && !k.deleteRequested) {
      plan.complete.push(m);
      continue;
    }
    if (policyDeletes(input.policy, k, input.now)) plan.dele.push(m);
    else plan.kept++;
  }
  let vanishedCommitted = 0;
  for (const [uidl, k] of input.known) {
    if (onServer.has(uidl) || k.state === 'gone') continue;
    plan.vanished.push(uidl);
    if (k.state === 'committed') vanishedCommitted++;
  }
  plan.possibleUidlChange = unknown > 0 && vanishedCommitted > 0;
  return plan;
}

/** The earliest time a login is allowed, given the server's LOGIN-DELAY and our last login. */
export function nextAllowedLogin(
  lastLoginAt: number | null,
  loginDelaySeconds: number | null,
): number | null {
  if (lastLoginAt === null || !loginDelaySeconds) return null;
  return lastLoginAt + loginDelaySeconds * 1000;
}
