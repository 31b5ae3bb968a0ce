import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/model/account';
import type { SyncReport } from '../../shared/model/sync-status';
import { statusLine, type SyncView } from './status-line';
import { syncReport } from './status-test-support';

const account = (id: number, user: string, loginDelaySeconds: number | null = null) =>
  ({ id, name: '', user, host: 'pop.example.org', loginDelaySeconds }) as Account;

const report = (accountId: number, over: Partial<SyncReport> = {}) =>
  syncReport({ accountId, ...over });

const view = (...reports: SyncReport[]): SyncView => ({
  progress: new Map(),
  outcomes: new Map(reports.map((r) => [r.accountId, r])),
  running: false,
  callError: null,
});

const at = new Date(2026, 10, 27, 10, 42).getTime();
const loginDelay = { kind: 'retry-later', reason: 'login-delay', message: '', at } as const;

describe('the status bar line', () => {
  it('with one account says how its check went, naming it', () => {
    const line = statusLine(view(report(1, { retrieved: 3 })), [account(1, 'ann')]);
    expect(line.text).toMatch(/^ann@pop\.example\.org: 3 new messages · checked at /);
    expect(line.accountId).toBe(1);
  });

  it('with several accounts sums them up, then names the one it speaks of', () => {
    const accounts = [account(1, 'ann'), account(2, 'bob', 300)];
    const line = statusLine(
      view(report(1, { retrieved: 150, finishedAt: 2_000 }), report(2, { error: loginDelay })),
      accounts,
    );
    expect(line.text).toMatch(
      /^2 accounts checked · 150 new · 1 waiting for LOGIN-DELAY — The server for bob@pop\.example\.org allows one login every 5 minutes; next check at /,
    );
    expect(line.accountId).toBe(2);
  });

  it('speaks of an account needing attention before one that waits, with its action', () => {
    const accounts = [account(1, 'ann'), account(2, 'bob'), account(3, 'cy')];
    const line = statusLine(
      view(
        report(1, { retrieved: 2, finishedAt: 5_000 }),
        report(2, { error: loginDelay, finishedAt: 4_000 }),
        report(3, { error: { kind: 'credentials', message: 'no' }, finishedAt: 1_000 }),
      ),
      accounts,
    );
    expect(line.text).toBe(
      '3 accounts checked · 2 new · 1 waiting for LOGIN-DELAY · 1 needs attention — Password rejected for cy@pop.example.org — update it.',
    );
    expect(line.action).toEqual({ kind: 'update-password' });
    expect(line.accountId).toBe(3);
    expect(line.tone).toBe('error');
  });

  it('with every account fine speaks of the latest check', () => {
    const line = statusLine(
      view(report(1, { finishedAt: 1_000 }), report(2, { retrieved: 1, finishedAt: 9_000 })),
      [account(1, 'ann'), account(2, 'bob')],
    );
    expect(line.text).toMatch(
      /^2 accounts checked · 1 new — bob@pop\.example\.org: 1 new message · checked at /,
    );
  });

  it('leaves out the outcome of an account that was removed', () => {
    const line = statusLine(view(report(1), report(9, { retrieved: 5 })), [account(1, 'ann')]);
    expect(line.text).toMatch(/^ann@pop\.example\.org: No new mail/);
  });
});
