// The unsent messages, read again whenever the store changed (version) or on request.
import { useCallback, useEffect, useState } from 'react';
import type { OutboxItem } from '../../shared/model/identity';
import { useApi } from '../app/api-context';
import { unsent } from './outbox-words';

export function useOutbox(version: number): { items: OutboxItem[]; reload(): void } {
  const api = useApi();
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    void api.outbox.list().then((result) => {
      if (live && result.ok) setItems(unsent(result.value));
    });
    return () => {
      live = false;
    };
  }, [api, version, asked]);
  const reload = useCallback(() => setAsked((n) => n + 1), []);
  return { items, reload };
}
