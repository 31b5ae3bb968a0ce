// Carries the contract's events from the services to whichever transports are attached
// (Electron windows, bridge sockets). Never lets one failing listener stop the others.
import type { EventPayloads } from '../../shared/contract/event-payloads';
import type { EventName } from '../../shared/contract/names';

export type AnyEventListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /** Every event, for a transport that forwards them all. */
  onAny(listener: AnyEventListener): () => void;
}

export function createEventBus(onListenerError?: (error: unknown) => void): EventBus {
  const anyListeners = new Set<AnyEventListener>();
  const byEvent = new Map<EventName, Set<(payload: never) => void>>();

  const safely = (call: () => void): void => {
    try {
      call();
    } catch (error) {
      onListenerError?.(error);
    }
  };

  return {
    emit(event, payload) {
      for (const listener of [...(byEvent.get(event) ?? [])])
        safely(() => (listener as (p: typeof payload) => void)(payload));
      for (const listener of [...anyListeners]) safely(() => listener(event, payload));
    },
    on(event, listener) {
      let set = byEvent.get(event);
      if (!set) byEvent.set(event, (set = new Set()));
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => void set.delete(entry);
    },
    onAny(listener) {
      anyListeners.add(listener);
      return () => void anyListeners.delete(listener);
    },
  };
}
