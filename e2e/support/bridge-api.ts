// The contract from the test process, over the same bridge socket the page uses: for setting up
// what the UI cannot reach (an account on a scripted test server without TLS).
import WebSocket from 'ws';
import {
  bridgeSocketUrl,
  bridgeTransport,
  type WebSocketLike,
} from '../../renderer/api/bridge-transport';
import { createPoplineApi, type PoplineApi } from '../../renderer/api/popline-api';

export function bridgeApi(pageUrl: string): PoplineApi {
  const origin = new URL(pageUrl).origin;
  return createPoplineApi(
    bridgeTransport({
      url: bridgeSocketUrl(pageUrl),
      createSocket: (url) => new WebSocket(url, { origin }) as unknown as WebSocketLike,
      startDownload: () => undefined,
    }),
  );
}
