// The browser bridge: serves the built renderer and carries the contract over a WebSocket on
// 127.0.0.1 only. Never answers a request or socket without the run's token, or with a foreign
// Host or Origin; never binds another interface.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../../shared/csp';
import type { WireMessage } from '../../shared/contract/wire';
import {
  BRIDGE_SOCKET_PATH,
  BRIDGE_TOKEN_PARAM,
  wireRequestSchema,
} from '../../shared/contract/wire';
import type { Dispatch } from '../ipc';
import { invalidArgument } from '../ipc';
import { streamSink, type EventBus } from '../services';
import { attachmentDisposition, DOWNLOAD_PATH, type DownloadOffers } from './download-offers';
import {
  appPathPrefix,
  bridgeHost,
  checkRequest,
  parseTarget,
  type GuardConfig,
} from './request-guard';
import { securityHeaders, serveStatic } from '../static-files';

export const BRIDGE_HOST = '127.0.0.1';
/** Larger frames are refused: no contract argument comes near this. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;
const FAVICON = '/favicon.ico';
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
};

export interface BridgeOptions {
  dispatch: Dispatch;
  events: EventBus;
  downloads: DownloadOffers;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  token: string;
  /** 0: any free port. */
  port?: number;
  /** Told about requests the guard turned away (for a log); never about allowed ones. */
  onRefused?(what: string, reason: string): void;
}

export interface RunningBridge {
  port: number;
  /** The one URL a user opens: http://127.0.0.1:PORT/?token=… */
  url: string;
  close(): Promise<void>;
}

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const guard: GuardConfig = { port: 0, token: options.token };
  const headers = (): Record<string, string> =>
    securityHeaders(contentSecurityPolicy({ connect: [`ws://${bridgeHost(guard.port)}`] }));

  const refuse = (response: ServerResponse, status: number, reason: string): void => {
    response.writeHead(status, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`${STATUS_TEXT[status] ?? 'Refused'}\n`);
    options.onRefused?.('http', reason);
  };

  const handleHttp = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const verdict = checkRequest(request, guard, { requireOrigin: false });
    if (!verdict.allowed) {
      // Browsers ask for it unprompted, without the token; an empty answer tells nothing.
      if (verdict.status === 401 && parseTarget(request.url, guard.port)?.pathname === FAVICON) {
        response.writeHead(204, headers());
        response.end();
        return;
      }
      return refuse(response, verdict.status, verdict.reason);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 403, 'only GET and HEAD are served');
    const { path } = verdict;
    const base = headers();
    if (verdict.tokenFrom === 'query' && path === '/') {
      // The page moves under /s/<token>/ so its relative URLs (assets, downloads) carry the token;
      // the query stays for the page's own WebSocket URL.
      response.writeHead(303, {
        ...base,
        Location: `${appPathPrefix(options.token)}/?${BRIDGE_TOKEN_PARAM}=${encodeURIComponent(options.token)}`,
      });
      response.end();
      return;
    }
    if (path.startsWith(DOWNLOAD_PATH)) {
      const offer = options.downloads.take(path.slice(DOWNLOAD_PATH.length));
      if (!offer) {
        response.writeHead(404, { ...base, 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('Not found\n');
        return;
      }
      response.writeHead(200, {
        ...base,
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': attachmentDisposition(offer.filename),
      });
      // Streamed as it is read (chunked): a large message or attachment is never held whole.
      try {
        await offer.writeTo(streamSink(response));
        response.end();
      } catch {
        response.destroy();
      }
      return;
    }
    await serveStatic(options.rendererDir, path, response, base);
  };

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const send = (socket: WebSocket, message: WireMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      void answer(socket, isBinary ? null : data.toString());
    });
  });

  const answer = async (socket: WebSocket, text: string | null): Promise<void> => {
    let frame: unknown;
    try {
      frame = text === null ? undefined : JSON.parse(text);
    } catch {
      frame = undefined;
    }
    const request = wireRequestSchema.safeParse(frame);
    if (!request.success) {
      const id = (frame as { id?: unknown } | undefined)?.id;
      send(socket, {
        type: 'result',
        id: typeof id === 'number' && Number.isSafeInteger(id) ? id : null,
        result: { ok: false, error: invalidArgument('malformed request frame') },
      });
      return;
    }
    const { id, method, arg } = request.data;
    const result = await options.dispatch(method, arg, { transport: 'browser-bridge' });
    send(socket, { type: 'result', id, result });
  };

  const stopEvents = options.events.onAny((event, payload) => {
    for (const socket of sockets) send(socket, { type: 'event', event, payload });
  });

  const server = createServer((request, response) => {
    let handled: Promise<void>;
    try {
      handled = handleHttp(request, response);
    } catch (error) {
      handled = Promise.reject(error);
    }
    handled.catch(() => {
      if (!response.headersSent) response.writeHead(500, headers());
      response.end();
    });
  });

  const refuseUpgrade = (socket: Duplex, status: number, reason: string): void => {
    options.onRefused?.('websocket', reason);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A peer that resets mid-upgrade must not become an unhandled 'error' event.
    socket.on('error', () => socket.destroy());
    try {
      const verdict = checkRequest(request, guard, { requireOrigin: true });
      if (!verdict.allowed) return refuseUpgrade(socket, verdict.status, verdict.reason);
      if (verdict.tokenFrom !== 'query' || verdict.path !== BRIDGE_SOCKET_PATH)
        return refuseUpgrade(socket, 403, 'no socket at this path');
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    } catch {
      // Nothing a request carries may take the bridge down.
      refuseUpgrade(socket, 400, 'malformed upgrade request');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, BRIDGE_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('bridge: no TCP address');
  guard.port = address.port;

  return {
    port: guard.port,
    url: `http://${bridgeHost(guard.port)}/?token=${options.token}`,
    async close() {
      stopEvents();
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
