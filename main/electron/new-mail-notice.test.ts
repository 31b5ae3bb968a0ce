import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ Notification: class {} }));
const { noticeText } = await import('./new-mail-notice');

describe('the new-mail notice', () => {
  it('names the sender and subject of one new message', () => {
    expect(
      noticeText({
        accountId: 1,
        count: 1,
        latest: [{ id: 1, from: { name: 'Bob', address: 'bob@example.org' }, subject: 'Hi' }],
      }),
    ).toEqual({ title: 'New mail', body: 'Bob: Hi' });
  });

  it('counts several, and copes without a sender or subject', () => {
    expect(
      noticeText({ accountId: 1, count: 3, latest: [{ id: 1, from: null, subject: '' }] }),
    ).toEqual({ title: '3 new messages', body: '(no subject)' });
  });
});
