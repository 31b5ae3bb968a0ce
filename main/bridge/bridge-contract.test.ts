import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySyncResult } from '../sync';
import WebSocket from 'ws';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { methodNames } from '../../shared/contract/names';
import type { SyncProgress } from '../../shared/model/sync-status';
import { bridgeTransport, type WebSocketLike } from '../../renderer/api/bridge-transport';
import { createPoplineApi, type PoplineApi } from '../../renderer/api/popline-api';
import { MALFORMED_ARGUMENTS } from '../ipc/malformed-arguments';
import { testServices, type TestServices } from '../testing/test-services';
import { startBridge, type RunningBridge } from './bridge-server';
import { bridgePlatform } from './bridge-platform';
import { exchange, httpGet, openSocket } from './bridge-test-client';
import { createDownloadOffers } from './download-offers';

const MESSAGE = `From: Dana <dana@example.org>
Subject: Minutes
Date: Tue, 13 Jan 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="x"

--x
Content-Type: text/plain

See attached.
--x
Content-Type: text/csv
Content-Disposition: attachment; filename="minutes.csv"
Content-Transfer-Encoding: base64

YSxiCjEsMgo=
--x--
`;

const TOKEN = 'contract-test-token';
let t: TestServices;
let bridge: RunningBridge;
let dir: string;
let api: PoplineApi;
const downloads: Array<{ url: string; filename: string }> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'popline-bridge-contract-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html>');
  const offers = createDownloadOffers();
  t = testServices({
    platform: bridgePlatform(offers),
    runSync: async (accountId, hooks) => {
      hooks.onProgress({ messagesDone: 1, messagesTotal: 1, octetsDone: 9, octetsTotal: 9 });
      return { ...emptySyncResult(accountId, 'ok'), reachedUpdate: true };
    },
  });
  bridge = await startBridge({
    dispatch: t.dispatch,
    events: t.services.events,
    downloads: offers,
    rendererDir: dir,
    token: TOKEN,
  });
  const origin = `http://127.0.0.1:${bridge.port}`;
  api = createPoplineApi(
    bridgeTransport({
      url: `ws://127.0.0.1:${bridge.port}/ws?token=${TOKEN}`,
      createSocket: (url) => new WebSocket(url, { origin }) as unknown as WebSocketLike,
      startDownload: (url, filename) => downloads.push({ url, filename }),
    }),
  );
});

afterAll(async () => {
  await bridge.close();
  await t.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('the contract over the bridge, on a real store', () => {
  it('lists accounts, and the account just added', async () => {
    expect(await api.accounts.list()).toEqual({ ok: true, value: [] });
    const added = await api.accounts.add({
      account: { host: 'pop.example.org', port: 995, security: 'tls', user: 'ann' },
      password: 'pw',
    });
    expect(added).toMatchObject({ ok: true, value: { user: 'ann', hasSecret: true } });
    const listed = await api.accounts.list();
    expect(listed.ok && listed.value.map((a) => a.user)).toEqual(['ann']);
  });

  it('lists and opens stored messages', async () => {
    const accountId = t.addAccount();
    const id = await t.seedMessage(accountId, 'uidl-1', MESSAGE);
    const page = await api.messages.list({ accountId });
    expect(page).toMatchObject({
      ok: true,
      value: { total: 1, offset: 0, items: [{ id, subject: 'Minutes', from: { name: 'Dana' } }] },
    });
    const found = await api.messages.list({ search: 'minutes' });
    expect(found.ok && found.value.total).toBe(1);
    const detail = await api.messages.detail({ id });
    expect(detail.ok && detail.value.text).toContain('See attached.');
  });

  it('saves an attachment as a one-time download of the same bytes', async () => {
    const id = await t.seedMessage(t.addAccount(), 'uidl-2', MESSAGE);
    const saved = await api.messages.saveAttachment({ id, index: 0 });
    expect(saved).toMatchObject({
      ok: true,
      value: { status: 'download', filename: 'minutes.csv' },
    });
    const offered = downloads.at(-1);
    if (!offered) throw new Error('no download started');
    const file = await httpGet(bridge.port, `/s/${TOKEN}/${offered.url}`);
    expect(file.status).toBe(200);
    expect(file.body.toString()).toBe('a,b\n1,2\n');
  });

  it('pushes events to the page', async () => {
    const accountId = t.addAccount();
    const progress: SyncProgress[] = [];
    api.on('sync.progress', (p) => progress.push(p));
    const reports = await api.sync.now({ accountId });
    expect(reports.ok).toBe(true);
    expect(progress).toContainEqual({
      accountId,
      messagesDone: 1,
      messagesTotal: 1,
      octetsDone: 9,
      octetsTotal: 9,
    });
  });

  it('gives the page an error result, not an exception, when the bridge refuses its socket', async () => {
    const refused = createPoplineApi(
      bridgeTransport({
        url: `ws://127.0.0.1:${bridge.port}/ws?token=wrong`,
        createSocket: (url) =>
          new WebSocket(url, {
            origin: `http://127.0.0.1:${bridge.port}`,
          }) as unknown as WebSocketLike,
      }),
    );
    expect(await refused.accounts.list()).toMatchObject({ ok: false, error: { kind: 'network' } });
  });

  it('answers a search with a NUL as invalid-argument over the socket, and keeps answering', async () => {
    expect(await api.messages.list({ search: 'minutes\u0000' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-argument' },
    });
    expect(await api.messages.list({ search: 'minutes' })).toMatchObject({ ok: true });
  });

  it('answers a malformed argument to every method with invalid-argument over the socket', async () => {
    const opened = await openSocket(bridge.port, `/ws?token=${TOKEN}`, {
      origin: `http://127.0.0.1:${bridge.port}`,
    });
    if (!('socket' in opened)) throw new Error(`refused ${opened.refused}`);
    let id = 1000;
    for (const method of methodNames) {
      for (const arg of MALFORMED_ARGUMENTS) {
        const answer = (await exchange(
          opened.socket,
          JSON.stringify({ type: 'call', id: ++id, method, arg }),
          id,
        )) as { result: { ok: boolean; error?: { kind: string } } };
        expect(answer.result, `${method}(${JSON.stringify(arg)})`).toMatchObject({
          ok: false,
          error: { kind: 'invalid-argument' },
        });
      }
    }
    // The bridge is still there and still answers properly.
    const after = await exchange(
      opened.socket,
      JSON.stringify({ type: 'call', id: ++id, method: 'accounts.list' }),
      id,
    );
    expect(after).toMatchObject({ result: { ok: true } });
    opened.socket.close();
  });
});
