import { describe, expect, it } from 'vitest';
import {
  INLINE_IMAGE_MAX_BYTES,
  INLINE_IMAGES_MAX_TOTAL_BYTES,
  isSafeInlineImageUrl,
} from '../../shared/model/inline-image';
import { inlineImages, sniffImageType } from './inline-images';
import { parseDetail } from './parse-detail';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>',
);

function related(html: string, parts: Array<{ cid: string; type: string; bytes: Buffer }>) {
  const lines = [
    'From: Ann <ann@example.org>',
    'Subject: pictures',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="r"',
    '',
    '--r',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
  ];
  for (const part of parts) {
    lines.push(
      '--r',
      `Content-Type: ${part.type}`,
      `Content-ID: ${part.cid}`,
      'Content-Disposition: inline',
      'Content-Transfer-Encoding: base64',
      '',
      part.bytes.toString('base64'),
    );
  }
  lines.push('--r--', '');
  return Buffer.from(lines.join('\r\n'));
}

describe('inline images in the message detail', () => {
  it('carries an image the HTML refers to by cid: as a data: URL', async () => {
    const detail = await parseDetail(
      related('<p>Logo:</p><img src="cid:logo@example.org" alt="logo">', [
        { cid: '<logo@example.org>', type: 'image/png', bytes: PNG },
      ]),
    );
    expect(detail.inlineImages).toEqual([
      { contentId: 'logo@example.org', dataUrl: `data:image/png;base64,${PNG.toString('base64')}` },
    ]);
    expect(isSafeInlineImageUrl(detail.inlineImages[0]?.dataUrl ?? '')).toBe(true);
  });

  it('matches an escaped cid: URL and a differently cased Content-ID', async () => {
    const detail = await parseDetail(
      related('<img src="cid:Part%201.Logo@Example.org">', [
        { cid: '<part 1.logo@example.org>', type: 'image/png', bytes: PNG },
      ]),
    );
    expect(detail.inlineImages.map((i) => i.contentId)).toEqual(['part 1.logo@example.org']);
  });

  it('never carries SVG, whether declared as SVG or disguised as PNG', async () => {
    const detail = await parseDetail(
      related('<img src="cid:a@x"><img src="cid:b@x">', [
        { cid: '<a@x>', type: 'image/svg+xml', bytes: SVG },
        { cid: '<b@x>', type: 'image/png', bytes: SVG },
      ]),
    );
    expect(detail.inlineImages).toEqual([]);
  });

  it('leaves out parts the HTML does not refer to, and non-image parts', async () => {
    const detail = await parseDetail(
      related('<img src="cid:used@x">', [
        { cid: '<unused@x>', type: 'image/png', bytes: PNG },
        { cid: '<used@x>', type: 'application/octet-stream', bytes: PNG },
      ]),
    );
    expect(detail.inlineImages).toEqual([]);
    expect(detail.attachments).toHaveLength(2);
  });

  it('uses the type the bytes really are, not the one declared', () => {
    const [image] = inlineImages('<img src="cid:x@y">', [
      { contentId: '<x@y>', mimeType: 'image/jpeg', content: PNG },
    ]);
    expect(image?.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
  });

  it('keeps each image and the whole message within their byte limits', () => {
    const big = (fill: number, size: number) => {
      const bytes = Buffer.alloc(size, fill);
      PNG.copy(bytes, 0, 0, 8);
      return bytes;
    };
    const oversize = big(1, INLINE_IMAGE_MAX_BYTES + 1);
    const full = big(2, INLINE_IMAGE_MAX_BYTES);
    const count = Math.floor(INLINE_IMAGES_MAX_TOTAL_BYTES / INLINE_IMAGE_MAX_BYTES);
    const parts = [
      { contentId: '<huge@x>', mimeType: 'image/png', content: oversize },
      ...Array.from({ length: count + 1 }, (_, i) => ({
        contentId: `<n${i}@x>`,
        mimeType: 'image/png',
        content: full,
      })),
      { contentId: '<small@x>', mimeType: 'image/png', content: PNG },
    ];
    const html = parts.map((p) => `<img src="cid:${p.contentId.slice(1, -1)}">`).join('');
    const images = inlineImages(html, parts);
    expect(images.map((i) => i.contentId)).toEqual([
      ...Array.from({ length: count }, (_, i) => `n${i}@x`),
    ]);
  });

  it('recognises PNG, JPEG, GIF and WebP by their bytes, and nothing else', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a\x01\x00'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(SVG)).toBeNull();
    expect(sniffImageType(Buffer.from([0x89, 0x50]))).toBeNull();
  });
});
