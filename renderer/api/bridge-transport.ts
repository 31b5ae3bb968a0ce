// The transport in a plain browser: the contract over the bridge's WebSocket (JSON frames).
// Answers every call with a Result, also when the socket is gone; never throws at the UI.
import type { EventName, MethodName } from '../../shared/contract/names';
import { isEventName } from '../../shared/contract/names';
import type { WireMessage, WireRequest } from '../../shared/contract/wire';
import { BRIDGE_SOCKET_PATH, BRIDGE_TOKEN_PARAM } from '../../shared/contract/bridge-endpoint';
import type { Result } from '../../shared/result';
import type { Transport } from './transport';

/** The part of the WebSocket API used here (the browser's, or `ws` in tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface BridgeTransportOptions {
  /** ws://127.0.0.1:PORT/ws?token=… */
  url: string;
  createSocket?: (url: string) => WebSocketLike;
  /** How a save that came back as a download URL reaches the user (default: an <a download>). */
  startDownload?: (url: string, filename: string) => void;
  /** Wait before reconnecting a dropped socket that has event listeners. */
  reconnectDelayMs?: number;
}

const OPEN = 1;

export function bridgeSocketUrl(pageUrl: string): string {
  const page = new URL(pageUrl);
  const token = page.searchParams.get(BRIDGE_TOKEN_PARAM) ?? '';
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}${BRIDGE_SOCKET_PATH}?${BRIDGE_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/** The methods that answer with a SaveAttachmentResult: a 'download' becomes a browser download. */
const SAVES_FILE: ReadonlySet<string> = new Set([
  'messages.saveAttachment',
  'messages.saveAs',
  'folders.exportMbox',
]);

function browserDownload(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

const networkFailure = (message: string): Result<never> => ({
  ok: false,
  error: { kind: 'network', message, reason: 'bridge' },
});

export function bridgeTransport(options: BridgeTransportOptions): Transport {
  const createSocket =
    options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const startDownload = options.startDownload ?? browserDownload;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let connecting: Promise<WebSocketLike> | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  const hasListeners = (): boolean => [...listeners.values()].some((set) => set.size > 0);

  const onMessage = (data: unknown): void => {
    let message: WireMessage;
    try {
      message = JSON.parse(String(data)) as WireMessage;
    } catch {
      return;
    }
    if (message.type === 'result' && message.id !== null) {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.result);
    } else if (message.type === 'event' && isEventName(message.event)) {
      for (const listener of [...(listeners.get(message.event) ?? [])]) listener(message.payload);
    }
  };

  const connect = (): Promise<WebSocketLike> => {
    if (connecting) return connecting;
    const attempt = new Promise<WebSocketLike>((resolve, reject) => {
      const socket = createSocket(options.url);
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        resolve(socket);
      });
      socket.addEventListener('message', (event) => onMessage(event.data));
      socket.addEventListener('error', () => {
        if (!opened) reject(new Error('cannot reach the Popline bridge'));
      });
      socket.addEventListener('close', () => {
        if (!opened) reject(new Error('the Popline bridge refused the connection'));
        if (connecting === attempt) connecting = null;
        for (const [id, settle] of pending) {
          pending.delete(id);
          settle(networkFailure('the connection to the Popline bridge closed'));
        }
        if (opened && hasListeners() && reconnectTimer === null) {
          reconnectTimer = setTimeout(() => {
            reconnectTimer = null;
            if (hasListeners()) connect().catch(() => undefined);
          }, options.reconnectDelayMs ?? 1000);
        }
      });
    });
    connecting = attempt;
    attempt.catch(() => {
      if (connecting === attempt) connecting = null;
    });
    return attempt;
  };

  return {
    kind: 'browser-bridge',
    async call(method: MethodName, arg: unknown) {
      let socket: WebSocketLike;
      try {
        socket = await connect();
      } catch (error) {
        return networkFailure(error instanceof Error ? error.message : String(error));
      }
      if (socket.readyState !== OPEN) return networkFailure('the Popline bridge is not connected');
      const id = nextId++;
      const request: WireRequest = { type: 'call', id, method, arg };
      const result = await new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify(request));
      });
      if (SAVES_FILE.has(method) && result.ok) {
        const value = result.value as { status?: string; url?: string; filename?: string };
        if (value.status === 'download' && value.url)
          startDownload(value.url, value.filename ?? 'attachment');
      }
      return result;
    },
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      // Events flow only over an open socket: open one now if no call has yet.
      connect().catch(() => undefined);
      return () => void set.delete(listener);
    },
  };
}
