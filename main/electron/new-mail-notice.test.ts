import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  type Handler = () => void;
  class FakeNotification {
    static shown: FakeNotification[] = [];
    static isSupported() {
      return true;
    }
    handlers = new Map<string, Handler>();
    constructor(readonly options: { title: string; body: string }) {}
    on(event: string, handler: Handler) {
      this.handlers.set(event, handler);
      return this;
    }
    show() {
      FakeNotification.shown.push(this);
    }
    emit(event: string) {
      this.handlers.get(event)?.();
    }
  }
  return { Notification: FakeNotification };
});
vi.mock('electron', () => electron);
const { noticeText, showNewMailNotice, shownNoticeCount } = await import('./new-mail-notice');

const mail = {
  accountId: 1,
  count: 1,
  latest: [{ id: 1, from: { name: 'Bob', address: 'bob@example.org' }, subject: 'Hi' }],
};

describe('the new-mail notice', () => {
  it('names the sender and subject of one new message', () => {
    expect(noticeText(mail)).toEqual({ title: 'New mail', body: 'Bob: Hi' });
  });

  it('counts several, and copes without a sender or subject', () => {
    expect(
      noticeText({ accountId: 1, count: 3, latest: [{ id: 1, from: null, subject: '' }] }),
    ).toEqual({ title: '3 new messages', body: '(no subject)' });
  });

  it('keeps each shown notice referenced until it is clicked, closed or fails', () => {
    const clicks: number[] = [];
    showNewMailNotice(mail, () => clicks.push(1));
    showNewMailNotice(mail, () => clicks.push(2));
    showNewMailNotice(mail, () => clicks.push(3));
    expect(shownNoticeCount()).toBe(3);
    const [first, second, third] = electron.Notification.shown;
    first?.emit('click');
    expect(clicks).toEqual([1]);
    expect(shownNoticeCount()).toBe(2);
    second?.emit('close');
    third?.emit('failed');
    expect(shownNoticeCount()).toBe(0);
    expect(clicks).toEqual([1]);
  });
});
