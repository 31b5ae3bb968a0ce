import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  EXIT_MARKER,
  HANG_MARKER,
  HEAP_MARKER,
  THROW_MARKER,
} from '../testing/misbehaving-parse-worker';
import { corpusFiles, readCorpus } from './corpus-fixtures';
import { parseMessage, unparsedSummary } from './parse-message';
import {
  createParsePool,
  PARSE_WORKER_YOUNG_GENERATION_MB,
  unpackedFromAsar,
  type ParsePool,
  type ParsePoolOptions,
} from './parse-pool';

const misbehaving = new URL('../testing/misbehaving-parse-worker.ts', import.meta.url);

const pools: ParsePool[] = [];
function pool(options: ParsePoolOptions = {}): ParsePool {
  const p = createParsePool(options);
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function message(n: number, firstLine?: string): Buffer {
  return Buffer.from(
    [
      ...(firstLine ? [firstLine] : []),
      `From: Sender ${n} <sender${n}@example.org>`,
      'To: reader@example.org',
      `Subject: message =?UTF-8?Q?n=C2=B0_${n}?=`,
      `Message-ID: <m${n}@example.org>`,
      'Date: Tue, 3 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      `Body of message ${n}: caf=C3=A9 and a soft=`,
      ' line break.',
      '',
    ].join('\r\n'),
  );
}

describe('the parse pool', () => {
  it('gives exactly what parseMessage gives, for a sample of the shared corpus', async () => {
    const files = corpusFiles();
    const sample = files.filter((_, i) => i % 5 === 0);
    expect(sample.length).toBeGreaterThan(30);
    const p = pool();
    for (const file of sample) {
      const raw = readCorpus(file);
      expect(await p.parse(raw), file).toEqual(await parseMessage(raw));
    }
    expect(p.inThreadReason).toBeNull();
  });

  it('leaves the caller its bytes: same length, same content, usable for the commit', async () => {
    const raw = message(1);
    const copy = Buffer.from(raw);
    const parsed = await pool().parse(raw);
    expect(parsed.subject).toBe('message n° 1');
    expect(raw.byteLength).toBe(copy.byteLength);
    expect(raw.equals(copy)).toBe(true);
  });

  it('resolves many concurrent parses, each with its own message', async () => {
    const p = pool({ workers: 2, perWorker: 3 });
    const raws = Array.from({ length: 300 }, (_, i) => message(i));
    const parsed = await Promise.all(raws.map((raw) => p.parse(raw)));
    expect(parsed.map((m) => m.messageId)).toEqual(raws.map((_, i) => `<m${i}@example.org>`));
    expect(parsed[299]).toEqual(await parseMessage(raws[299]!));
  });

  it('stops a parse that hangs, gives the header-only summary saying so, and keeps working', async () => {
    const p = pool({ workerUrl: misbehaving, timeoutMs: 1_500 });
    const hanging = message(1, HANG_MARKER);
    const queuedBehind = [message(2), message(3)];
    const [stuck, ...after] = await Promise.all([
      p.parse(hanging),
      ...queuedBehind.map((raw) => p.parse(raw)),
    ]);
    const reason = 'the MIME parser took longer than 1500 ms and was stopped';
    expect(stuck).toEqual(unparsedSummary(hanging, reason));
    expect(stuck?.subject).toBe('message n° 1');
    expect(after).toEqual([
      await parseMessage(queuedBehind[0]!),
      await parseMessage(queuedBehind[1]!),
    ]);
    const later = await p.parse(message(4));
    expect(later.parseError).toBeNull();
    expect(later.snippet).toBe('Body of message 4: café and a soft line break.');
  });

  it('restarts a worker that exits or throws mid-parse, blaming only that message', async () => {
    const p = pool({ workerUrl: misbehaving });
    for (const marker of [EXIT_MARKER, THROW_MARKER]) {
      const fatal = message(10, marker);
      const [crashed, next] = await Promise.all([p.parse(fatal), p.parse(message(11))]);
      expect(crashed?.parseError).toMatch(/^the MIME parser's worker thread stopped \(/);
      expect(crashed?.messageId).toBe('<m10@example.org>');
      expect(next).toEqual(await parseMessage(message(11)));
    }
    expect((await p.parse(message(12))).parseError).toBeNull();
  });

  it("caps its worker's young generation, which V8 would otherwise let grow to 48 MiB", async () => {
    const p = pool({ workerUrl: misbehaving });
    // Some garbage first, so the young generation has had reason to grow.
    await Promise.all(Array.from({ length: 64 }, (_, i) => p.parse(message(i))));
    const { resourceLimits, newSpaceBytes } = JSON.parse(
      (await p.parse(message(0, HEAP_MARKER))).subject,
    ) as { resourceLimits: { maxYoungGenerationSizeMb: number }; newSpaceBytes: number };
    expect(resourceLimits.maxYoungGenerationSizeMb).toBe(PARSE_WORKER_YOUNG_GENERATION_MB);
    expect(PARSE_WORKER_YOUNG_GENERATION_MB).toBeLessThanOrEqual(4);
    // Semi-spaces are two thirds of V8's young generation: they never grow past the cap.
    expect(newSpaceBytes).toBeLessThanOrEqual(PARSE_WORKER_YOUNG_GENERATION_MB * 1024 * 1024);
  });

  it('parses in this thread when no worker can start, rather than failing the messages', async () => {
    const p = pool({ workerUrl: new URL('./no-such-parse-worker.mjs', import.meta.url) });
    const raws = [message(1), message(2), message(3)];
    const parsed = await Promise.all(raws.map((raw) => p.parse(raw)));
    expect(parsed).toEqual(await Promise.all(raws.map((raw) => parseMessage(raw))));
    expect(p.inThreadReason).toMatch(/no-such-parse-worker/);
  });

  it('still answers parses pending at close, and those asked for after it', async () => {
    const p = pool({ workerUrl: misbehaving });
    const pending = p.parse(message(1, HANG_MARKER));
    const closing = p.close();
    const after = p.parse(message(2));
    await closing;
    expect((await pending).messageId).toBe('<m1@example.org>');
    expect(await after).toEqual(await parseMessage(message(2)));
  });
});

describe('the worker file in a packaged app', () => {
  it('is taken from app.asar.unpacked, where electron-builder puts it', () => {
    const packed = new URL('file:///opt/Popline/resources/app.asar/dist/parse-worker.mjs');
    expect(unpackedFromAsar(packed).pathname).toBe(
      '/opt/Popline/resources/app.asar.unpacked/dist/parse-worker.mjs',
    );
    const dev = new URL('file:///work/main/main/mime/parse-worker.ts');
    expect(unpackedFromAsar(dev)).toBe(dev);
  });
});

describe('a process using the shared pool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'popline-parse-pool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits by itself once its parses are done: the idle worker holds nothing open', async () => {
    const script = join(dir, 'parse-once.mts');
    const pool = new URL('./parse-pool.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { parseInWorker } from ${JSON.stringify(pool)};\n` +
        `const parsed = await parseInWorker(Buffer.from('Subject: hello\\r\\n\\r\\nbody\\r\\n'));\n` +
        `console.log(parsed.subject);\n`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: join(import.meta.dirname, '..', '..'),
      timeout: 25_000,
    });
    expect(stdout.trim()).toBe('hello');
  });
});
