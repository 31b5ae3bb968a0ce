// `npx tsx scripts/make-icons.ts`: draws Popline's icon (a white envelope on a blue rounded
// square) and writes build/icon.png (Linux), build/icon.ico (Windows) and build/icon.icns (macOS)
// for electron-builder. Plain geometry, no artwork from anywhere; the output is deterministic,
// and a test checks that the committed files are what this script makes.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];
const BACKGROUND: Rgba = [37, 99, 165, 255];
const PAPER: Rgba = [255, 255, 255, 255];
const FOLD: Rgba = [190, 207, 227, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** The colour at (x, y) of a size×size icon, in units of the icon's side. */
function pixel(x: number, y: number, size: number): Rgba {
  const u = (x + 0.5) / size;
  const v = (y + 0.5) / size;
  // Rounded square with a margin, as the three systems' icon grids expect.
  const margin = 0.06;
  const radius = 0.18;
  const cx = Math.min(Math.max(u, margin + radius), 1 - margin - radius);
  const cy = Math.min(Math.max(v, margin + radius), 1 - margin - radius);
  if (Math.hypot(u - cx, v - cy) > radius) return CLEAR;
  // The envelope: a rectangle with the flap's V drawn as two bands.
  const left = 0.22;
  const right = 0.78;
  const top = 0.3;
  const bottom = 0.7;
  if (u < left || u > right || v < top || v > bottom) return BACKGROUND;
  const flapY = top + ((0.28 - Math.abs(u - 0.5)) / 0.28) * (bottom - top) * 0.55;
  if (Math.abs(v - flapY) < 0.022) return FOLD;
  return PAPER;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function iconPng(size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 4);
    for (let x = 0; x < size; x++) Buffer.from(pixel(x, y, size)).copy(rows, row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows icon of PNG-compressed images (supported since Vista). */
export function iconIco(sizes: readonly number[]): Buffer {
  const images = sizes.map(iconPng);
  const head = Buffer.alloc(6 + 16 * sizes.length);
  head.writeUInt16LE(1, 2); // type: icon
  head.writeUInt16LE(sizes.length, 4);
  let offset = head.length;
  sizes.forEach((size, i) => {
    const entry = 6 + 16 * i;
    head[entry] = size >= 256 ? 0 : size; // 0 means 256
    head[entry + 1] = size >= 256 ? 0 : size;
    head.writeUInt16LE(1, entry + 4); // colour planes
    head.writeUInt16LE(32, entry + 6); // bits per pixel
    head.writeUInt32LE(images[i]?.length ?? 0, entry + 8);
    head.writeUInt32LE(offset, entry + 12);
    offset += images[i]?.length ?? 0;
  });
  return Buffer.concat([head, ...images]);
}

/** Apple icon image types that hold a PNG of the given side. */
export const ICNS_TYPES: Record<number, string> = { 128: 'ic07', 256: 'ic08', 512: 'ic09' };

export function iconIcns(sizes: readonly number[]): Buffer {
  const entries = sizes.map((size) => {
    const png = iconPng(size);
    const head = Buffer.alloc(8);
    head.write(ICNS_TYPES[size] ?? '', 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + entries.reduce((n, e) => n + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

export function icons(): Record<string, Buffer> {
  return {
    'icon.png': iconPng(512),
    'icon.ico': iconIco([16, 32, 48, 256]),
    'icon.icns': iconIcns([128, 256, 512]),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');
  for (const [name, bytes] of Object.entries(icons())) writeFileSync(join(dir, name), bytes);
  process.stdout.write(`wrote icon.png, icon.ico, icon.icns into ${dir}\n`);
}
