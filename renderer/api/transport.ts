// How the renderer's API reaches main: Electron's preload or the browser bridge's WebSocket.
// The UI never sees a transport; it gets a PoplineApi from connectApi().
import type { EventName, MethodName } from '../../shared/contract/names';
import type { Result } from '../../shared/result';

export interface Transport {
  readonly kind: 'electron' | 'browser-bridge';
  call(method: MethodName, arg: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}
