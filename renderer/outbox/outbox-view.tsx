// The Outbox: every message not sent yet — queued (with why the last attempt failed, and Retry),
// being sent, or maybe sent (the server never confirmed the end of DATA: the user decides, as a
// question with "Send again" and "Mark as sent"; nothing is resent without that word). A sent
// message leaves the list; its copy is in Sent.
import { useEffect, useState } from 'react';
import type { OutboxItem } from '../../shared/model/identity';
import type { AppError, Result } from '../../shared/result';
import { useApi } from '../app/api-context';
import { formatFullDate, formatSize } from '../ui/format';
import { outboxWords } from './outbox-words';

interface OutboxViewProps {
  /** Unsent messages, newest first. */
  items: readonly OutboxItem[];
  /** Something changed (sent, queued again): the caller reloads the list and the folders. */
  onChanged(note: string): void;
  onProblem(error: AppError): void;
}

const SENDING = new Set(['sending', 'data-ended']);
/** While a message is being sent, how often the list looks again. */
const POLL_MS = 1500;

export function OutboxView({ items, onChanged, onProblem }: OutboxViewProps) {
  const api = useApi();
  const [busy, setBusy] = useState<number | null>(null);

  const anySending = items.some((i) => SENDING.has(i.status));
  useEffect(() => {
    if (!anySending) return;
    const timer = setInterval(() => onChanged(''), POLL_MS);
    return () => clearInterval(timer);
  }, [anySending, onChanged]);

  const act = async (id: number, run: () => Promise<Result<OutboxItem>>) => {
    setBusy(id);
    const result = await run();
    setBusy(null);
    if (!result.ok) return onProblem(result.error);
    const item = result.value;
    onChanged(
      item.status === 'sent'
        ? `Sent “${item.subject || '(no subject)'}”; its copy is in Sent`
        : `Not sent: ${item.lastError ?? 'unknown error'}`,
    );
  };

  return (
    <section className="outbox-view" aria-label="Outbox">
      <h2 className="outbox-title">Outbox</h2>
      {items.length === 0 ? (
        <p className="reader-empty">Nothing waiting to be sent.</p>
      ) : (
        <ul className="outbox-list" aria-label="Messages not sent">
          {items.map((item) => {
            const words = outboxWords(item);
            const subject = item.subject || '(no subject)';
            return (
              <li
                key={item.id}
                className={`outbox-item status-${item.status}`}
                aria-label={subject}
              >
                <div className="outbox-head">
                  <span className="outbox-subject">{subject}</span>
                  <span className="outbox-state">{words.label}</span>
                </div>
                <div className="outbox-meta">
                  To {item.to.join(', ')} · {formatSize(item.size)} · written{' '}
                  {formatFullDate(item.createdAt)}
                </div>
                {words.detail ? (
                  <p
                    className={item.status === 'maybe-sent' ? 'outbox-question' : 'outbox-error'}
                    role={item.status === 'maybe-sent' ? 'note' : undefined}
                  >
                    {words.detail}
                  </p>
                ) : null}
                <div className="outbox-actions">
                  {item.status === 'queued' ? (
                    <button
                      type="button"
                      disabled={busy !== null}
                      aria-label={`Retry “${subject}”`}
                      onClick={() => void act(item.id, () => api.outbox.retry({ id: item.id }))}
                    >
                      Retry
                    </button>
                  ) : null}
                  {item.status === 'maybe-sent' ? (
                    <>
                      <button
                        type="button"
                        disabled={busy !== null}
                        onClick={() =>
                          void act(item.id, () =>
                            api.outbox.resolve({ id: item.id, arrived: false }),
                          )
                        }
                      >
                        Send again
                      </button>
                      <button
                        type="button"
                        disabled={busy !== null}
                        onClick={() =>
                          void act(item.id, () =>
                            api.outbox.resolve({ id: item.id, arrived: true }),
                          )
                        }
                      >
                        Mark as sent
                      </button>
                    </>
                  ) : null}
                  {busy === item.id ? <span role="status">Sending…</span> : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
