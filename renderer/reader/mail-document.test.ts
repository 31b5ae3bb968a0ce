import { describe, expect, it } from 'vitest';
import { buildMailDocument, cssHasRemote, isRemoteUrl, mailFrameCsp } from './mail-document';

describe('the mail frame document', () => {
  it('blocks every remote load and all scripts until the user allows remote content', () => {
    const csp = mailFrameCsp(false);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data: cid:;');
    expect(csp).not.toMatch(/https?:/);
    expect(csp).not.toContain('script-src');
  });

  it('allows remote images once asked, and still no script', () => {
    const csp = mailFrameCsp(true);
    expect(csp).toContain('img-src data: cid: http: https:');
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("default-src 'none'");
  });

  it('puts the CSP meta before the body so it governs every element', () => {
    const doc = buildMailDocument('<img src="https://x.test/a.png">', { allowRemote: false });
    const meta = doc.indexOf('Content-Security-Policy');
    expect(meta).toBeGreaterThan(0);
    expect(meta).toBeLessThan(doc.indexOf('<body>'));
    expect(doc).toContain(`content="default-src 'none'; img-src data: cid:;`);
  });

  it('tells remote URLs from ones carried in the message', () => {
    expect(isRemoteUrl('https://tracker.test/p.gif')).toBe(true);
    expect(isRemoteUrl('//tracker.test/p.gif')).toBe(true);
    expect(isRemoteUrl('cid:part1@x')).toBe(false);
    expect(isRemoteUrl('data:image/png;base64,AAAA')).toBe(false);
    expect(cssHasRemote('body { background: url( "http://x.test/bg.png") }')).toBe(true);
    expect(cssHasRemote('p { color: red }')).toBe(false);
  });
});
