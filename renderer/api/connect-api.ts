// Picks the transport the page was loaded with: the preload's window.popline inside Electron,
// otherwise the bridge whose token is in the page URL. The UI calls this once and never asks which.
import type { PreloadApi } from '../../shared/contract/types';
import { bridgeSocketUrl, bridgeTransport } from './bridge-transport';
import { createPoplineApi, type PoplineApi } from './popline-api';
import { preloadTransport } from './preload-transport';

declare global {
  interface Window {
    popline?: PreloadApi;
  }
}

let api: PoplineApi | null = null;

export function connectApi(): PoplineApi {
  if (api) return api;
  const transport = window.popline
    ? preloadTransport(window.popline)
    : bridgeTransport({ url: bridgeSocketUrl(window.location.href) });
  api = createPoplineApi(transport);
  return api;
}
