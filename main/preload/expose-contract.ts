// Builds what the preload hands to contextBridge: one function per contract method and one
// subscribe function per event, each bound to its own channel. Never exposes ipcRenderer, a
// generic invoke/send, or the IPC event object (its `sender` would lead back to ipcRenderer).
import { eventChannel, eventNames, methodChannel, methodNames } from '../../shared/contract/names';
import type { PreloadApi } from '../../shared/contract/types';
import type { Result } from '../../shared/result';

/** The part of Electron's ipcRenderer the preload uses (injected, so this module runs in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function buildPreloadApi(ipc: IpcRendererLike): PreloadApi {
  const methods: Record<string, (arg?: unknown) => Promise<Result<unknown>>> = {};
  for (const name of methodNames) {
    const channel = methodChannel(name);
    methods[name] = async (arg?: unknown) => {
      try {
        return (await ipc.invoke(channel, arg)) as Result<unknown>;
      } catch (error) {
        // Main answers every call with data; a rejection means the call never got there.
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { kind: 'internal', message } };
      }
    };
  }
  const events: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
  for (const name of eventNames) {
    const channel = eventChannel(name);
    events[name] = (listener) => {
      const forward = (_event: unknown, payload: unknown): void => listener(payload);
      ipc.on(channel, forward);
      return () => void ipc.removeListener(channel, forward);
    };
  }
  // Built by walking the name lists; the lists and the contract are checked against each other.
  return { methods, events } as unknown as PreloadApi;
}
