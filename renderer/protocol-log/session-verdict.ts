// How a logged POP3 session ended, in the words the log panel uses: "QUIT +OK" when the server
// applied the session's deletions (UPDATE reached), else "ended without UPDATE". Also the line filter.
import type { LogLine, LogSession } from '../../shared/model/protocol-log';

export type SessionVerdict =
  | { kind: 'running' }
  | { kind: 'quit-ok'; reply: string }
  | { kind: 'quit-err'; reply: string }
  | { kind: 'no-update' }
  | { kind: 'smtp-quit'; reply: string }
  | { kind: 'smtp-no-quit' };

export function sessionVerdict(
  session: Pick<LogSession, 'endedAt' | 'outcome' | 'reachedUpdate' | 'quitReply'> &
    Partial<Pick<LogSession, 'protocol'>>,
): SessionVerdict {
  if (session.protocol === 'smtp') {
    if (session.endedAt === null || session.outcome === 'running') return { kind: 'running' };
    return session.quitReply
      ? { kind: 'smtp-quit', reply: session.quitReply }
      : { kind: 'smtp-no-quit' };
  }
  if (session.reachedUpdate) return { kind: 'quit-ok', reply: session.quitReply ?? '+OK' };
  if (session.endedAt === null || session.outcome === 'running') return { kind: 'running' };
  if (session.quitReply?.startsWith('-ERR')) return { kind: 'quit-err', reply: session.quitReply };
  return { kind: 'no-update' };
}

export function verdictLabel(verdict: SessionVerdict): string {
  switch (verdict.kind) {
    case 'running':
      return 'running';
    case 'quit-ok':
      return 'QUIT +OK';
    case 'quit-err':
      return 'QUIT -ERR: ended without UPDATE';
    case 'no-update':
      return 'ended without UPDATE';
    case 'smtp-quit':
      return `QUIT ${verdict.reply}`;
    case 'smtp-no-quit':
      return 'ended without QUIT';
  }
}

/** Lines whose direction or text contains the filter, ignoring case. */
export function filterLines<T extends Pick<LogLine, 'dir' | 'text'>>(
  lines: readonly T[],
  filter: string,
): T[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return [...lines];
  return lines.filter((line) => `${line.dir}: ${line.text}`.toLowerCase().includes(needle));
}
