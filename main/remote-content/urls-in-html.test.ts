import { describe, expect, it } from 'vitest';
import { urlsInHtml } from './urls-in-html';

describe('urlsInHtml', () => {
  it('finds image URLs in attributes, srcset and CSS, normalised like the renderer', () => {
    const urls = urlsInHtml(`
      <img src="https://img.example.test/a.png?x=1&amp;y=2">
      <img srcset="//cdn.example.test/b.png 1x,https://cdn.example.test/c.png 2x">
      <td background='http://old.example.test/bg.gif'>
      <style>.x { background: url(https://css.example.test/d.webp); }</style>
      <a href="https://example.test/Some Path">link</a>`);
    expect(urls).toContain('https://img.example.test/a.png?x=1&y=2');
    expect(urls).toContain('https://cdn.example.test/b.png');
    expect(urls).toContain('https://cdn.example.test/c.png');
    expect(urls).toContain('http://old.example.test/bg.gif');
    expect(urls).toContain('https://css.example.test/d.webp');
  });

  it('does not invent URLs the message does not mention', () => {
    const urls = urlsInHtml('<img src="https://img.example.test/a.png">');
    expect(urls.has('https://intranet.example.test/admin')).toBe(false);
    expect(urls.has('http://127.0.0.1:8080/')).toBe(false);
    expect(urlsInHtml('no links here').size).toBe(0);
  });
});
