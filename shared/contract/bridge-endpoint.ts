// Where the browser bridge listens and how the per-run token travels. Kept apart from wire.ts so
// the renderer can use these without pulling the wire schema (and zod) into its bundle.

/** The WebSocket endpoint's path on the bridge. */
export const BRIDGE_SOCKET_PATH = '/ws';
/** The query parameter (page and socket) that carries the per-run token; never a cookie. */
export const BRIDGE_TOKEN_PARAM = 'token';
