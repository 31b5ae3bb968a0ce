// The desktop notification for new mail. Never shows message content beyond sender and subject.
import { Notification } from 'electron';
import type { NewMail } from '../../shared/contract/event-payloads';

export function noticeText(mail: NewMail): { title: string; body: string } {
  const first = mail.latest[0];
  const who = first?.from ? first.from.name || first.from.address : '';
  const title = mail.count === 1 ? 'New mail' : `${mail.count} new messages`;
  const body = first ? `${who ? `${who}: ` : ''}${first.subject || '(no subject)'}` : '';
  return { title, body };
}

/** Held until the notice is gone: a collected Notification object loses its click handler. */
const shown = new Set<Notification>();

export function shownNoticeCount(): number {
  return shown.size;
}

export function showNewMailNotice(mail: NewMail, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notice = new Notification({ ...noticeText(mail), silent: false });
  shown.add(notice);
  const forget = () => void shown.delete(notice);
  notice.on('click', () => {
    forget();
    onClick();
  });
  notice.on('close', forget);
  notice.on('failed', forget);
  notice.show();
}
