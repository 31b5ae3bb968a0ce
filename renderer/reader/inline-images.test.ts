import { describe, expect, it } from 'vitest';
import { inlineImageMap, resolveCidUrl, rewriteCssCids } from './inline-images';

const PNG_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('cid: references in mail HTML', () => {
  const images = inlineImageMap([{ contentId: 'logo@example.org', dataUrl: PNG_URL }]);

  it('become the data: URL of the inline image they name', () => {
    expect(resolveCidUrl('cid:logo@example.org', images)).toBe(PNG_URL);
    // Case and %-escapes as senders write them.
    expect(resolveCidUrl(' CID:Logo%40Example.org', images)).toBe(PNG_URL);
  });

  it('stay blocked when the message carries no such image', () => {
    expect(resolveCidUrl('cid:other@example.org', images)).toBeNull();
    expect(resolveCidUrl('cid:', images)).toBeNull();
  });

  it('leave other URLs to the other rules', () => {
    expect(resolveCidUrl('https://tracker.test/p.gif', images)).toBeUndefined();
    expect(resolveCidUrl(PNG_URL, images)).toBeUndefined();
  });

  it('never resolve to SVG, or to anything but a base64 raster data: URL', () => {
    const hostile = inlineImageMap([
      { contentId: 'svg@x', dataUrl: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' },
      { contentId: 'html@x', dataUrl: 'data:text/html;base64,PHNjcmlwdD48L3NjcmlwdD4=' },
      { contentId: 'remote@x', dataUrl: 'https://tracker.test/p.png' },
      { contentId: 'quote@x', dataUrl: 'data:image/png;base64,AAAA" onerror="x()' },
      { contentId: 'plain@x', dataUrl: 'data:image/png,raw-bytes' },
    ]);
    expect(hostile.size).toBe(0);
    for (const id of ['svg@x', 'html@x', 'remote@x', 'quote@x', 'plain@x'])
      expect(resolveCidUrl(`cid:${id}`, hostile)).toBeNull();
  });

  it('keep the first image when two parts share a Content-ID', () => {
    const gif = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    const map = inlineImageMap([
      { contentId: 'same@x', dataUrl: gif },
      { contentId: '<SAME@x>', dataUrl: PNG_URL },
    ]);
    expect(resolveCidUrl('cid:same@x', map)).toBe(gif);
  });

  it('rewrite url(cid:…) in styles, and drop the unknown ones', () => {
    expect(
      rewriteCssCids(
        `td { background: url( "cid:logo@example.org" ) no-repeat } p { background-image: url(cid:nope@x) }`,
        images,
      ),
    ).toBe(`td { background: url("${PNG_URL}") no-repeat } p { background-image: none }`);
    expect(rewriteCssCids('a { background: url(https://x.test/a.png) }', images)).toBe(
      'a { background: url(https://x.test/a.png) }',
    );
  });
});
