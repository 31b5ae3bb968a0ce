// How the Outbox view names a message's state: one label and, where the user has something to
// decide or to know, one sentence. Pure, so each state's words are tested on their own.
import type { OutboxItem } from '../../shared/model/identity';

export const MAYBE_SENT_QUESTION =
  'This message may have been sent already. Send it again, or mark it as sent?';

export interface OutboxWords {
  label: string;
  detail: string | null;
}

/** Messages the Outbox view lists: all that are not sent (sent ones are in Sent). */
export const unsent = (items: readonly OutboxItem[]): OutboxItem[] =>
  items.filter((i) => i.status !== 'sent');

export function outboxWords(item: OutboxItem): OutboxWords {
  const tries = item.attempts === 1 ? '1 attempt' : `${item.attempts} attempts`;
  switch (item.status) {
    case 'queued':
      return {
        label: 'Not sent',
        detail: item.lastError
          ? `${item.lastError} (${tries}).`
          : item.attempts
            ? `Not sent after ${tries}.`
            : 'Waiting to be sent.',
      };
    case 'sending':
    case 'data-ended':
      return { label: 'Sending…', detail: null };
    case 'maybe-sent':
      return {
        label: 'May have been sent',
        detail: item.lastError
          ? `${MAYBE_SENT_QUESTION} (The server did not confirm it: ${item.lastError}.)`
          : MAYBE_SENT_QUESTION,
      };
    case 'sent':
      return { label: 'Sent', detail: item.finalReply };
  }
}
