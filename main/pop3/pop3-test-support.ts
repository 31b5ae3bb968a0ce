// What the engine's tests share: scripted servers and clients that are closed after each test,
// and the assertions on a typed failure. Registers its own afterEach when called.
import { afterEach, expect } from 'vitest';
import {
  startScriptedServer,
  type ScriptedServer,
  type ScriptedServerOptions,
} from '../testing/scripted-pop3-server';
import { Pop3Client } from './client';
import { Pop3Error, type Pop3ErrorKind } from './errors';
import type { ProtocolLogEntry } from './protocol-log';
import type { ConnectOptions } from './types';

export interface Session {
  client: Pop3Client;
  log: ProtocolLogEntry[];
}

export interface Pop3TestBed {
  /** A scripted server, closed after the test. */
  serve(options?: ScriptedServerOptions): Promise<ScriptedServer>;
  /** Something else to close after the test (a raw server, another fixture). */
  track<T extends { close(): unknown }>(thing: T): T;
  /** A connected client (plain by default) whose protocol log is collected. */
  connect(server: ScriptedServer, extra?: Partial<ConnectOptions>): Promise<Session>;
  /** Connected and logged in with USER/PASS. */
  login(server: ScriptedServer, extra?: Partial<ConnectOptions>): Promise<Session>;
}

export function pop3TestBed(): Pop3TestBed {
  const servers: Array<{ close(): unknown }> = [];
  const clients: Pop3Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const s of servers.splice(0)) await s.close();
  });
  const bed: Pop3TestBed = {
    async serve(options = {}) {
      return bed.track(await startScriptedServer(options));
    },
    track(thing) {
      servers.push(thing);
      return thing;
    },
    async connect(server, extra = {}) {
      const log: ProtocolLogEntry[] = [];
      const client = await Pop3Client.connect({
        host: server.host,
        port: server.port,
        security: 'none',
        onLog: (e) => log.push(e),
        ...extra,
      });
      clients.push(client);
      return { client, log };
    },
    async login(server, extra = {}) {
      const session = await bed.connect(server, extra);
      await session.client.authenticate({
        user: 'user',
        secret: 'secret',
        method: 'user',
        allowInsecurePassword: true,
      });
      return session;
    },
  };
  return bed;
}

/** The Pop3Error a promise rejects with (anything else is rethrown; fulfilment fails the test). */
export async function failureOf(promise: Promise<unknown>): Promise<Pop3Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Pop3Error) return err;
    throw err;
  }
  throw new Error('expected the promise to reject');
}

export async function expectKind(
  promise: Promise<unknown>,
  kind: Pop3ErrorKind,
): Promise<Pop3Error> {
  const err = await failureOf(promise);
  expect(err.kind, err.message).toBe(kind);
  return err;
}

/** The server side sees every connection closed (a leaked client socket would keep one open). */
export async function expectNoOpenSocket(server: ScriptedServer): Promise<void> {
  await server.idle();
  expect(server.openConnections).toBe(0);
}
