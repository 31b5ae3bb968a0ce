import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/model/identity';
import { MAYBE_SENT_QUESTION, outboxWords, unsent } from './outbox-words';

const item = (overrides: Partial<OutboxItem>): OutboxItem => ({
  id: 1,
  identityId: 1,
  messageId: '<a@example.org>',
  subject: 'Lunch',
  from: 'alice@example.org',
  to: ['bob@example.org'],
  size: 900,
  status: 'queued',
  attempts: 0,
  lastError: null,
  finalReply: null,
  refused: [],
  lastSessionId: null,
  createdAt: 0,
  sentAt: null,
  sentCopyId: null,
  ...overrides,
});

describe('outbox words', () => {
  it('says why a queued message was not sent, and how often it was tried', () => {
    expect(outboxWords(item({ attempts: 2, lastError: '451 4.3.0 try later' }))).toEqual({
      label: 'Not sent',
      detail: '451 4.3.0 try later (2 attempts).',
    });
    expect(outboxWords(item({})).detail).toBe('Waiting to be sent.');
  });

  it('asks the question for a message that may have been sent, never calling it failed', () => {
    const words = outboxWords(
      item({ status: 'maybe-sent', attempts: 1, lastError: 'connection closed' }),
    );
    expect(words.label).toBe('May have been sent');
    expect(words.detail).toContain(MAYBE_SENT_QUESTION);
    expect(MAYBE_SENT_QUESTION).toBe(
      'This message may have been sent already. Send it again, or mark it as sent?',
    );
  });

  it('lists everything but what was sent', () => {
    const statuses = ['queued', 'sending', 'data-ended', 'maybe-sent', 'sent'] as const;
    expect(unsent(statuses.map((status, id) => item({ id, status }))).map((i) => i.status)).toEqual(
      ['queued', 'sending', 'data-ended', 'maybe-sent'],
    );
  });
});
