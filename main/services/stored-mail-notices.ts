// "Messages were stored" while a sync runs, so the list and unread counts grow during a long
// session instead of at its end: at most one 'mail.stored' per account every ~250 ms, counting
// what was stored since the one before.
import type { StoredMail } from '../../shared/contract/event-payloads';

export const STORED_MAIL_DELAY_MS = 250;

export interface StoredMailNotices {
  /** The sync reports `retrieved` messages stored so far in `sessionId`. */
  note(accountId: number, sessionId: number, retrieved: number): void;
  /** The account's sync ended: sends what is pending now. */
  end(accountId: number): void;
}

interface AccountState {
  sessionId: number;
  seen: number;
  pending: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export function createStoredMailNotices(
  emit: (notice: StoredMail) => void,
  delayMs = STORED_MAIL_DELAY_MS,
): StoredMailNotices {
  const accounts = new Map<number, AccountState>();

  const send = (accountId: number): void => {
    const state = accounts.get(accountId);
    if (!state) return;
    if (state.timer !== null) clearTimeout(state.timer);
    state.timer = null;
    if (state.pending === 0) return;
    const count = state.pending;
    state.pending = 0;
    emit({ accountId, sessionId: state.sessionId, count });
  };

  return {
    note(accountId, sessionId, retrieved) {
      let state = accounts.get(accountId);
      if (!state || state.sessionId !== sessionId) {
        if (state) send(accountId);
        state = { sessionId, seen: 0, pending: 0, timer: null };
        accounts.set(accountId, state);
      }
      if (retrieved <= state.seen) return;
      state.pending += retrieved - state.seen;
      state.seen = retrieved;
      state.timer ??= setTimeout(() => send(accountId), delayMs);
    },
    end(accountId) {
      send(accountId);
      accounts.delete(accountId);
    },
  };
}
