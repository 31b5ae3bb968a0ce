import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { streamSink, writeFileWhole } from './write-file-whole';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'popline-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileWhole', () => {
  it('writes the pieces in order, byte-exact, and leaves no .partial file', async () => {
    const path = join(dir, 'out.bin');
    const pieces = Array.from({ length: 40 }, (_, k) => Buffer.alloc(64 * 1024 + k, k));
    await writeFileWhole(path, async (sink) => {
      for (const piece of pieces) await sink(piece);
    });
    expect(readFileSync(path).equals(Buffer.concat(pieces))).toBe(true);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });

  it('leaves neither the file nor its .partial when the writer fails halfway', async () => {
    const path = join(dir, 'out.bin');
    await expect(
      writeFileWhole(path, async (sink) => {
        await sink(Buffer.alloc(1024, 1));
        throw new Error('chunk 3 of message 7 is missing');
      }),
    ).rejects.toThrow('chunk 3 of message 7 is missing');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });
});

describe('streamSink', () => {
  it('waits while the stream is full and fails, not hangs, when it closes meanwhile (a download cancelled)', async () => {
    const out = new PassThrough({ highWaterMark: 16 });
    const sink = streamSink(out);
    const waiting = Promise.resolve(sink(Buffer.alloc(64)));
    let settled = false;
    void waiting.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    out.destroy();
    await expect(waiting).rejects.toThrow(/closed before all of it was written/);
    await expect(sink(Buffer.alloc(1))).rejects.toThrow();
  });
});
