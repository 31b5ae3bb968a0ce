// The browser bridge's WebSocket frames: the same contract as Electron IPC, as JSON text.
// Requests are validated here; the argument itself is validated by the method's own schema in main.
import { z } from 'zod';
import type { Result } from '../result';
import type { EventName } from './names';

export const wireRequestSchema = z.strictObject({
  type: z.literal('call'),
  id: z.int().min(0),
  method: z.string().max(100),
  arg: z.unknown().optional(),
});
export type WireRequest = z.infer<typeof wireRequestSchema>;

export type WireMessage =
  /** id null: the request was too malformed to carry one. */
  | { type: 'result'; id: number | null; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: unknown };

export { BRIDGE_SOCKET_PATH, BRIDGE_TOKEN_PARAM } from './bridge-endpoint';
