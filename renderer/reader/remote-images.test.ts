import { describe, expect, it } from 'vitest';
import {
  fetchableUrl,
  remoteImageMap,
  rewriteCssRemoteImages,
  rewriteSrcset,
} from './remote-images';

const PNG_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const collect = () => {
  const urls: string[] = [];
  return { urls, found: (url: string) => urls.push(url) };
};

describe('remote images in mail HTML', () => {
  it('are asked for as absolute http(s) URLs, protocol-relative ones as https', () => {
    expect(fetchableUrl(' https://news.test/a.png ')).toBe('https://news.test/a.png');
    expect(fetchableUrl('//news.test/a b.png')).toBe('https://news.test/a%20b.png');
    expect(fetchableUrl('HTTP://News.test/x')).toBe('http://news.test/x');
    for (const other of ['cid:logo@x', PNG_URL, 'javascript:alert(1)', 'file:///etc/passwd', '/a'])
      expect(fetchableUrl(other)).toBeNull();
    expect(fetchableUrl(`https://news.test/${'a'.repeat(2048)}`)).toBeNull();
  });

  it('become only the safe raster data: URLs main answered with', () => {
    const map = remoteImageMap([
      { url: 'https://a.test/ok.png', dataUrl: PNG_URL },
      { url: 'https://a.test/svg', dataUrl: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' },
      { url: 'https://a.test/elsewhere', dataUrl: 'https://tracker.test/p.png' },
      { url: 'https://a.test/missing', error: 'http-status' },
    ]);
    expect([...map]).toEqual([['https://a.test/ok.png', PNG_URL]]);
  });

  it('in CSS are rewritten when fetched, and left to the frame CSP when not', () => {
    const map = new Map([['https://a.test/bg.png', PNG_URL]]);
    const { urls, found } = collect();
    const css = rewriteCssRemoteImages(
      `td { background: url( 'https://a.test/bg.png' ) } p { background: url(//a.test/other.png) }`,
      map,
      found,
    );
    expect(css).toBe(
      `td { background: url("${PNG_URL}") } p { background: url(//a.test/other.png) }`,
    );
    expect(urls).toEqual(['https://a.test/bg.png', 'https://a.test/other.png']);
  });

  it('do not include remote style sheets or fonts, which stay blocked', () => {
    const { urls, found } = collect();
    const css = `@import url("https://a.test/more.css"); @font-face { font-family: X; src: url(https://a.test/x.woff2) } b { background: url(https://a.test/b.gif) }`;
    expect(rewriteCssRemoteImages(css, new Map(), found)).toBe(css);
    expect(urls).toEqual(['https://a.test/b.gif']);
  });

  it('in srcset: fetched candidates rewritten, unfetched ones dropped once images came', () => {
    const srcset = 'https://a.test/1x.png 1x, https://a.test/2x.png 2x';
    const before = collect();
    expect(rewriteSrcset(srcset, new Map(), before.found)).toBe(srcset);
    expect(before.urls).toEqual(['https://a.test/1x.png', 'https://a.test/2x.png']);
    const map = new Map([['https://a.test/1x.png', PNG_URL]]);
    expect(rewriteSrcset(srcset, map, () => undefined)).toBe(`${PNG_URL} 1x`);
    expect(rewriteSrcset('https://a.test/3x.png 3x', map, () => undefined)).toBeNull();
  });
});
