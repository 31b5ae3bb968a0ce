import { describe, expect, it } from 'vitest';
import { describeProgress, describeReport } from './sync-words';
import { syncReport } from './status-test-support';

const report = syncReport;

describe('sync progress in words', () => {
  it('counts messages and octets while retrieving', () => {
    expect(
      describeProgress(
        { messagesDone: 3, messagesTotal: 10, octetsDone: 2048, octetsTotal: 40 * 1024 },
        'alice',
      ),
    ).toBe('Getting mail for alice: 3 of 10 messages (2 KB of 40 KB)');
  });
  it('says it is checking before the server listed anything', () => {
    expect(
      describeProgress({ messagesDone: 0, messagesTotal: 0, octetsDone: 0, octetsTotal: 0 }, 'a'),
    ).toBe('Checking a…');
  });
});

describe('a finished sync in words', () => {
  it('reports new mail and confirmed deletions', () => {
    expect(describeReport(report({ retrieved: 3, deleted: 3 }), 'alice')).toBe(
      'alice: 3 new messages, 3 deleted from the server',
    );
  });
  it('passes on what the sync warns about', () => {
    expect(describeReport(report({ warnings: ['EXPIRE is 3 days'] }), 'a')).toBe(
      'a: No new mail — EXPIRE is 3 days',
    );
  });

  it('reports an empty check and messages that failed', () => {
    expect(describeReport(report({}), 'bob')).toBe('bob: No new mail');
    expect(
      describeReport(
        report({ retrieved: 1, messageErrors: [{ kind: 'internal', message: 'y', uidl: 'u1' }] }),
        'b',
      ),
    ).toBe('b: 1 new message, 1 message could not be retrieved');
  });
});
