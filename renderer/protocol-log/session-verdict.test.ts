import { describe, expect, it } from 'vitest';
import type { LogDirection, LogSession } from '../../shared/model/protocol-log';
import { filterLines, sessionVerdict, verdictLabel } from './session-verdict';

const session = (over: Partial<LogSession>): LogSession => ({
  id: 1,
  accountId: 1,
  protocol: 'pop3',
  sender: null,
  startedAt: 0,
  endedAt: 10,
  outcome: 'ok',
  retrieved: 0,
  deleted: 0,
  skipped: 0,
  reachedUpdate: false,
  quitReply: null,
  errorKind: null,
  errorMessage: null,
  ...over,
});

describe('how a session ended', () => {
  it('says QUIT +OK when the server reached UPDATE', () => {
    const v = sessionVerdict(session({ reachedUpdate: true, quitReply: '+OK Logging out.' }));
    expect(v).toEqual({ kind: 'quit-ok', reply: '+OK Logging out.' });
    expect(verdictLabel(v)).toBe('QUIT +OK');
  });

  it('says a session that never got QUIT answered ended without UPDATE', () => {
    expect(verdictLabel(sessionVerdict(session({ outcome: 'error' })))).toBe(
      'ended without UPDATE',
    );
  });

  it('tells a refused QUIT apart, still without UPDATE', () => {
    const v = sessionVerdict(session({ quitReply: '-ERR some deletes failed' }));
    expect(v.kind).toBe('quit-err');
    expect(verdictLabel(v)).toMatch(/ended without UPDATE/);
  });

  it('calls a session without an end running', () => {
    expect(sessionVerdict(session({ endedAt: null, outcome: 'running' }))).toEqual({
      kind: 'running',
    });
  });
});

describe('the log filter', () => {
  const l = (dir: LogDirection, text: string) => ({ dir, text });
  const lines = [l('C', 'USER alice'), l('S', '+OK'), l('C', 'RETR 1'), l('S', '+OK 120 octets')];
  it('matches text and direction, ignoring case', () => {
    expect(filterLines(lines, 'retr')).toEqual([l('C', 'RETR 1')]);
    expect(filterLines(lines, 'S: +ok')).toHaveLength(2);
    expect(filterLines(lines, '  ')).toHaveLength(4);
  });
});
