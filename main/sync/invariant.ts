// THE invariant of issue 8, written once and checked by every sync test (fault matrix, crash test,
// model test): nothing lost, nothing stored twice, nothing deleted before it was stored whole, and
// every session closed, logged to its end and honest about its outcome. Test support only.
import { createHash } from 'node:crypto';
import type { Store } from '../store';

export interface InvariantInput {
  store: Store;
  /** Every message the server ever had in this test (equal bytes count as one message). */
  originals: readonly Uint8Array[];
  /** What the server holds now. */
  onServer: readonly Uint8Array[];
  /** Every original must now be stored whole exactly once (after enough clean sessions). */
  complete?: boolean;
  /** Connections the server still has open (all must be closed when a session has returned). */
  openConnections?: number;
  /** A process was killed mid-session: its row may stay 'running' until the next sync closes it. */
  allowRunning?: boolean;
  /** Found by the server at the moment each DELE arrived (see the model server): never allowed. */
  deleViolations?: readonly string[];
}

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** SHA-256 of every message stored whole (headers-only copies are not the message), with counts. */
export function storedWhole(store: Store): Map<string, number> {
  const counts = new Map<string, number>();
  for (let offset = 0; ; offset += 1000) {
    const page = store.messages.list({ limit: 1000, offset });
    for (const m of page) {
      if (m.headersOnly) continue;
      const raw = store.messages.raw(m.id);
      if (!raw) continue;
      const h = sha256(raw);
      counts.set(h, (counts.get(h) ?? 0) + 1);
    }
    if (page.length < 1000) return counts;
  }
}

// The line a session without QUIT and its reply must carry (closeInterrupted writes the last).
const NO_QUIT = /^(no QUIT|no reply to QUIT|session interrupted): \S/;

/** Problems found, in words (empty when the invariant holds). */
export function checkSyncInvariant(input: InvariantInput): string[] {
  const problems: string[] = [];
  const stored = storedWhole(input.store);
  const onServer = new Set(input.onServer.map(sha256));
  const originals = [...new Set(input.originals.map(sha256))];
  originals.forEach((h, i) => {
    const n = stored.get(h) ?? 0;
    const name = `message ${i + 1} (${h.slice(0, 12)})`;
    if (n > 1) problems.push(`${name} stored ${n} times`);
    if (n === 0 && !onServer.has(h))
      problems.push(`${name} LOST: neither stored whole nor on the server`);
    if (input.complete && n !== 1) problems.push(`${name} stored ${n} times after clean sessions`);
  });
  for (const v of input.deleViolations ?? [])
    problems.push(`DELE before the bytes were stored: ${v}`);
  if (input.openConnections) problems.push(`${input.openConnections} connection(s) left open`);

  for (const s of input.store.sessions.list({ limit: 1000 })) {
    const tag = `session ${s.id}`;
    if (s.outcome === 'running') {
      if (!input.allowRunning) problems.push(`${tag} left "running"`);
      continue;
    }
    if (s.outcome === 'ok' && !(s.reachedUpdate && /^\+OK/.test(s.quitReply ?? '')))
      problems.push(`${tag} is "ok" without reaching UPDATE through QUIT +OK`);
    const log = input.store.sessions.log(s.id);
    const quitAt = log.findIndex((l) => l.dir === 'C' && l.text === 'QUIT');
    const answered = quitAt >= 0 && log[quitAt + 1]?.dir === 'S';
    const explained = log.some((l) => l.dir === 'I' && NO_QUIT.test(l.text));
    if (!answered && !explained)
      problems.push(`${tag}: the log has neither QUIT and its reply nor a line saying why not`);
  }
  return problems;
}
