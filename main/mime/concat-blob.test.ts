import { describe, expect, it } from 'vitest';
import { ConcatBlob } from './concat-blob';

const RealBlob = globalThis.Blob;

function mixedParts(): unknown[] {
  const backing = new Uint8Array([9, 9, 0x41, 0x42, 0xff, 0x00, 9]);
  return [
    'plain ASCII\r\n',
    'Grüße, 日本語, emoji 📬, lone surrogate \ud800 end',
    new Uint8Array([0xe2, 0x82]).buffer, // half of a UTF-8 euro sign, finished by the next part
    new Uint8Array([0xac]),
    backing.subarray(2, 6), // a view with an offset into a larger buffer
    new DataView(backing.buffer, 1, 3),
    new Uint16Array([0x3031, 0x3233]),
    '',
    new ArrayBuffer(0),
    42,
    '\n',
  ];
}

async function contentOf(blob: Blob): Promise<number[]> {
  return [...new Uint8Array(await blob.arrayBuffer())];
}

async function streamed(blob: Blob): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of blob.stream() as unknown as AsyncIterable<Uint8Array>)
    out.push(...chunk);
  return out;
}

describe('ConcatBlob', () => {
  it('holds the same bytes, size and text as the real Blob for mixed parts', async () => {
    const real = new RealBlob(mixedParts() as BlobPart[], { type: 'text/plain' });
    const ours = new ConcatBlob(mixedParts(), { type: 'text/plain' });
    expect(ours.size).toBe(real.size);
    expect(await contentOf(ours)).toEqual(await contentOf(real));
    expect([...(await ours.bytes())]).toEqual([...(await real.bytes())]);
    expect(await ours.text()).toBe(await real.text());
    expect(await streamed(ours)).toEqual(await streamed(real));
  });

  it('is still an instance of Blob, so code checking `instanceof Blob` treats it as one', () => {
    expect(new ConcatBlob(['x'])).toBeInstanceOf(RealBlob);
  });

  it('normalises the type like the real Blob (lower case, non-ASCII dropped)', () => {
    for (const type of ['Application/Octet-Stream', 'a/\u00e9', '', 'text/plain; charset=UTF-8'])
      expect(new ConcatBlob([], { type }).type).toBe(new RealBlob([], { type }).type);
    expect(new ConcatBlob([]).type).toBe('');
  });

  it('slices like the real Blob, negative and out-of-range bounds included', async () => {
    const real = new RealBlob(mixedParts() as BlobPart[]);
    const ours = new ConcatBlob(mixedParts());
    const bounds: Array<[number?, number?]> = [
      [],
      [3],
      [-5],
      [2, 9],
      [-9, -2],
      [10, 4],
      [0, 10_000],
      [-10_000, 5],
    ];
    for (const [start, end] of bounds) {
      const a = real.slice(start, end, 'X/Y');
      const b = ours.slice(start, end, 'X/Y');
      expect(b.size, `${start},${end}`).toBe(a.size);
      expect(b.type).toBe(a.type);
      expect(await contentOf(b)).toEqual(await contentOf(a));
    }
  });

  it('takes another ConcatBlob as a part, and hands out copies its reader cannot alter', async () => {
    const inner = new ConcatBlob(['inner|']);
    const outer = new ConcatBlob(['<', inner, '>']);
    expect(await outer.text()).toBe('<inner|>');
    new Uint8Array(await outer.arrayBuffer()).fill(0);
    expect(await outer.text()).toBe('<inner|>');
  });

  it('copies its parts, so changing a source buffer afterwards changes nothing', async () => {
    const source = new Uint8Array([0x61, 0x62]);
    const blob = new ConcatBlob([source]);
    source[0] = 0x7a;
    expect(await blob.text()).toBe('ab');
  });

  it('refuses a native Blob part rather than silently losing its bytes', () => {
    expect(() => new ConcatBlob([new RealBlob(['x'])])).toThrow(TypeError);
  });
});
