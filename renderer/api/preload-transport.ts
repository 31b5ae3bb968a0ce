// The transport inside Electron: window.popline, which the preload put there.
import type { EventName, MethodName } from '../../shared/contract/names';
import type { PreloadApi } from '../../shared/contract/types';
import type { Result } from '../../shared/result';
import type { Transport } from './transport';

export function preloadTransport(bridge: PreloadApi): Transport {
  return {
    kind: 'electron',
    call(method: MethodName, arg: unknown) {
      const call = bridge.methods[method] as (a?: unknown) => Promise<Result<unknown>>;
      return call(arg);
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      const subscribe = bridge.events[event] as (l: (p: unknown) => void) => () => void;
      return subscribe(listener);
    },
  };
}
