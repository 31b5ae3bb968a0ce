import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract/methods';
import { eventChannel, eventNames, methodChannel, methodNames } from '../../shared/contract/names';
import { buildPreloadApi, type IpcRendererLike } from './expose-contract';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    async invoke(channel, ...args) {
      invoked.push({ channel, args });
      return { ok: true, value: channel };
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const send = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'the ipcRenderer itself' }, payload);
  };
  return { ipc, invoked, listeners, send };
}

describe('preload', () => {
  it('binds exactly one function per contract method, each to its own channel', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = buildPreloadApi(ipc);
    expect(Object.keys(api.methods).sort()).toEqual(Object.keys(contract).sort());
    expect(Object.keys(api.methods).sort()).toEqual([...methodNames].sort());
    for (const name of methodNames) {
      const call = api.methods[name] as (arg?: unknown) => Promise<unknown>;
      expect(await call({ probe: name })).toEqual({ ok: true, value: methodChannel(name) });
      expect(invoked.at(-1)).toEqual({ channel: methodChannel(name), args: [{ probe: name }] });
    }
  });

  it('exposes nothing but those functions: no ipcRenderer, no generic invoke or send', () => {
    const { ipc } = fakeIpc();
    const api = buildPreloadApi(ipc);
    expect(Object.keys(api).sort()).toEqual(['events', 'methods']);
    for (const group of [api.methods, api.events]) {
      for (const value of Object.values(group)) expect(typeof value).toBe('function');
    }
    const flat = JSON.stringify(Object.keys({ ...api.methods, ...api.events }));
    expect(flat).not.toMatch(/"(invoke|send|sendSync|on|ipcRenderer)"/);
    expect(Object.values(api.methods)).not.toContain(ipc.invoke);
  });

  it('subscribes per event and never passes the IPC event object to the page', () => {
    const { ipc, send, listeners } = fakeIpc();
    const api = buildPreloadApi(ipc);
    expect(Object.keys(api.events).sort()).toEqual([...eventNames].sort());
    const received: unknown[][] = [];
    const stop = api.events['mail.new']((...args: unknown[]) => received.push(args));
    send(eventChannel('mail.new'), { accountId: 1, count: 2, latest: [] });
    send(eventChannel('sync.progress'), { accountId: 1 });
    expect(received).toEqual([[{ accountId: 1, count: 2, latest: [] }]]);
    stop();
    expect(listeners.get(eventChannel('mail.new'))?.size).toBe(0);
  });

  it('answers a call that never reached main with an error result instead of throwing', async () => {
    const { ipc } = fakeIpc();
    ipc.invoke = async () => {
      throw new Error('No handler registered');
    };
    const api = buildPreloadApi(ipc);
    const result = await api.methods['accounts.list']();
    expect(result).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'No handler registered' },
    });
  });
});
