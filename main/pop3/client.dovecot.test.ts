// The engine against a real Dovecot: large messages streamed, dot-stuffing undone, pipelining on
// and off, TOP, and UPDATE semantics (DELE applies only after QUIT).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, syntheticMessage, type Dovecot } from '../testing/dovecot';
import { Pop3Client, type ProtocolLogEntry } from '.';

let dovecot: Dovecot;
const PASSWORD = 'correct horse battery';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});

async function login(pipelining = true, log?: ProtocolLogEntry[]): Promise<Pop3Client> {
  const client = await Pop3Client.connect({
    host: '127.0.0.1',
    port: dovecot.tlsPort,
    security: 'tls',
    certFingerprint256: dovecot.fingerprint256,
    pipelining,
    ...(log ? { onLog: (e: ProtocolLogEntry) => log.push(e) } : {}),
  });
  await client.authenticate({ user: 'alice', secret: PASSWORD });
  return client;
}

/** A message whose body has every kind of line a dot-stuffer must handle. */
function dotty(size: number): Buffer {
  const lines = [
    'From: big@example.test',
    'Subject: big',
    '',
    '.',
    '..',
    '.starts with a dot',
    '...',
  ];
  let n = 0;
  let len = lines.join('\r\n').length;
  while (len < size) {
    const line =
      n % 7 === 0 ? `.${n} dotted line ${'z'.repeat(60)}` : `${n} plain line ${'y'.repeat(70)}`;
    lines.push(line);
    len += line.length + 2;
    n++;
  }
  lines.push('.');
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

describe('POP3 engine against Dovecot', () => {
  it('streams a 25 MB message in chunks and returns its exact bytes, dots unstuffed', async () => {
    dovecot.resetMailbox('alice');
    const big = dotty(25 * 1024 * 1024);
    dovecot.deliver('alice', [big]);
    const log: ProtocolLogEntry[] = [];
    const client = await login(true, log);
    const [listed] = await client.list();
    expect(listed?.size).toBe(big.length);
    const hash = createHash('sha256');
    let chunks = 0;
    let largest = 0;
    const { octets } = await client.retr(1, (c) => {
      chunks++;
      largest = Math.max(largest, c.length);
      hash.update(c);
    });
    expect(octets).toBe(big.length);
    expect(hash.digest('hex')).toBe(sha(big));
    expect(chunks).toBeGreaterThan(100);
    // Never the whole message in one piece: the engine hands it over as it arrives.
    expect(largest).toBeLessThan(4 * 1024 * 1024);
    await client.quit();
    const bodyLines = log.filter((l) => l.dir === 'S' && /octets>$/.test(l.text));
    expect(bodyLines).toHaveLength(1);
    expect(log.some((l) => l.text.includes('dotted line'))).toBe(false);
  });

  it.each([true, false])(
    'retrieves many messages with pipelining %s, identical bytes',
    async (pipelining) => {
      dovecot.resetMailbox('alice');
      const originals = Array.from({ length: 200 }, (_, i) => syntheticMessage(i, 3000));
      dovecot.deliver('alice', originals);
      const client = await login(pipelining);
      expect(client.pipelining).toBe(pipelining);
      const [uidls, sizes] = await Promise.all([client.uidl(), client.list()]);
      expect(uidls).toHaveLength(200);
      expect(sizes.map((s) => s.n)).toEqual(uidls.map((u) => u.n));
      const bodies = await Promise.all(
        sizes.map(async ({ n }) => {
          const parts: Buffer[] = [];
          await client.retr(n, (c) => parts.push(c));
          return Buffer.concat(parts);
        }),
      );
      expect(new Set(bodies.map(sha))).toEqual(new Set(originals.map(sha)));
      const headers: Buffer[] = [];
      await client.top(1, 0, (c) => headers.push(c));
      expect(Buffer.concat(headers).toString()).toMatch(/^From: .*\r\n[\s\S]*\r\n\r\n$/);
      expect((await client.quit()).ok).toBe(true);
    },
  );

  it('applies DELE only when the session reaches UPDATE', async () => {
    dovecot.resetMailbox('alice');
    dovecot.deliver('alice', [syntheticMessage(1), syntheticMessage(2)]);
    const dropped = await login();
    await dropped.dele(1);
    dropped.close();
    await new Promise((r) => setTimeout(r, 200));
    const counted = await login();
    expect((await counted.stat()).count).toBe(2);
    await counted.dele(1);
    const quit = await counted.quit();
    expect(quit.ok).toBe(true);
    const after = await login();
    expect((await after.stat()).count).toBe(1);
    await after.quit();
  });
});
